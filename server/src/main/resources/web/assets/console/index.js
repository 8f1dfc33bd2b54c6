// The console area's routes: the merchant, admin, agent and arbiter pages under /console. The tabs show only the
// sections the signed-in role may use; the server decides what each may actually do.
import './messages.js';
import { overview } from './overview.js';
import { orderList, orderDetail } from './orders.js';
import { riskQueue } from './risk.js';
import { disputeList, disputeDetail } from './disputes.js';
import { modelRegistry, datasetLineage } from './models.js';
import { handoffQueue, handoffDetail } from './handoffs.js';
import { staff } from './staff.js';

export function register(router) {
  router.add('/console', overview, { title: 'console.title' });
  router.add('/console/orders', orderList, { title: 'console.orders.title' });
  router.add('/console/orders/:id', orderDetail, { title: 'console.order.title' });
  router.add('/console/risk', riskQueue, { title: 'console.risk.title' });
  router.add('/console/disputes', disputeList, { title: 'console.disputes.title' });
  router.add('/console/disputes/:id', disputeDetail, { title: 'console.dispute.title' });
  router.add('/console/models', modelRegistry, { title: 'console.models.title' });
  router.add('/console/datasets', datasetLineage, { title: 'console.datasets.title' });
  router.add('/console/handoffs', handoffQueue, { title: 'console.handoffs.title' });
  router.add('/console/handoffs/:id', handoffDetail, { title: 'console.handoff.title' });
  router.add('/console/staff', staff, { title: 'console.staff.title' });
}
