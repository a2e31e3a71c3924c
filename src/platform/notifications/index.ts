export { notifyUser } from './notify-user.js';
export type { NewNotification } from './notify-user.js';
export { registerNotificationRoutes } from './notifications.routes.js';
