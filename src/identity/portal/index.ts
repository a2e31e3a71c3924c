export { registerPortalPages } from './register-portal-pages.js';
export { redirectAuthErrorsToPortal } from './navigation-redirects.js';
export { safeReturnPath } from './return-to.js';
export { createErrorPageRenderer } from './render-error-page.js';
