#!/usr/bin/env node
// The `fbnet` command: the TypeScript sources run through tsx (a dependency, so this works after `npm ci`).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
