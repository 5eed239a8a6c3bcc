import { bundleSizes } from './bundle-size.ts';
console.log(JSON.stringify(await bundleSizes()));
