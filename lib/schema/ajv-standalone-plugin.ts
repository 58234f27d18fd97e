export function ajvStandalone() { return { name: 'ajv-standalone-placeholder' }; }
