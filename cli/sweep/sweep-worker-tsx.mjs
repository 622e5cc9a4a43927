// Bootstrap of a sweep worker thread when the CLI runs as TypeScript through tsx:
// a worker thread does not inherit the main thread's loader, so it registers tsx
// itself before importing the worker (see cli/module-url.ts).
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker.ts');
