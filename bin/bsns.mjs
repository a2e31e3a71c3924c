#!/usr/bin/env node
// The operator CLI (`npx bsns <command>`). TypeScript runs through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
