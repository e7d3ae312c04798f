// test/run.mjs loads this after tsx (--import) in every test process. tsx turns source maps on for
// every module, so Node reads and parses the .map file of each module it loads from node_modules
// (the Azure SDKs, @kubernetes/client-node and others ship theirs): about a sixth of the CPU time
// a test file spends importing, measured on importing the backend. Stack traces still point
// into our TypeScript; only frames inside packages lose their mapping. Node 20 has no
// setSourceMapsSupport and keeps tsx's setting.
import module from 'node:module';

module.setSourceMapsSupport?.(true, { nodeModules: false, generatedCode: false });
