// The console area's routes.
export function register(router) {
}
