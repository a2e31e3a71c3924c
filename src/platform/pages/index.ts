// The page kit: what every app of the suite renders its server-side pages with. The browser half
// (form submission as JSON, messages, navigation) is in `client/`, bundled per app by `pageAssets`.
export { END_SUPPORT_ACCESS_API, Layout, supportAccessOf } from './layout.js';
export type { LayoutProps, NavLink, PageChrome, PageViewer } from './layout.js';
export { ApiForm, Field, FormMessage, HiddenField, SelectField, SubmitButton, TextAreaField } from './form-parts.js';
export type { ApiFormProps, FieldProps, SelectFieldProps } from './form-parts.js';
export { ErrorPage } from './error-page.js';
export { Pager } from './pager.js';
export type { PagerProps } from './pager.js';
export type { ErrorPageProps } from './error-page.js';
export { pageAssets } from './assets/build-page-assets.js';
export type { PageAsset, PageAssets, PageBundle } from './assets/build-page-assets.js';
export { registerAssetRoutes } from './assets/asset.routes.js';
export { sendErrorPage, sendPage } from './send-page.js';
export { formatDate, formatDateTime } from './format-time.js';
