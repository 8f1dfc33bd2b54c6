// The store area's routes.
export function register(router) {
}
