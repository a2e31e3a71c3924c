// `npm run docs:env`: regenerates .env.example and the README's variables table from the
// environment manifest, which is what check:env compares them with.
import { REPO_ROOT, writeEnvDocs } from '../src/checks/index.js';

const changed = await writeEnvDocs(REPO_ROOT);
console.log(changed.length > 0 ? `updated ${changed.join(', ')}` : '.env.example and the README table are up to date');
