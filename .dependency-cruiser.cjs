/**
 * Import rules that keep the layers apart: the engine is DOM-free and knows nothing of the page or
 * the worker; no import cycles anywhere.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order fragile and layers blurry.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-stays-pure',
      severity: 'error',
      comment: 'The engine runs unchanged in Node and in the worker: it imports nothing of the page, the worker or the CLI.',
      from: { path: '^src/engine/' },
      to: { path: ['^src/(app|features|shared|ui|state|cli)/', '^src/main\\.tsx$', '^workers/'] },
    },
    {
      name: 'tfjs-behind-one-module',
      severity: 'error',
      comment: 'tfjs is imported through src/engine/runtime/tf.ts (and the backend modules beside it) only.',
      from: { path: '^(src|workers)/', pathNot: ['^src/engine/runtime/(tf|backend|wasm-kernels)\\.ts$'] },
      to: { path: '^node_modules/@tensorflow/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
