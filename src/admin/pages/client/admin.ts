// The admin part's client script, bundled by the page kit at start (see admin-part.tsx).
// Pages work as server-rendered HTML; this script sends their action forms to the JSON API.
import { enhanceApiForms } from '../../../platform/pages/client/index.js';

enhanceApiForms(document, {});
