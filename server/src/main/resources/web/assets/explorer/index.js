// The explorer area's routes.
export function register(router) {
}
