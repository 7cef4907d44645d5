export * from "./component/index.js";
export * from "./images/index.js";
export * from "./node/index.js";
export * from "./pods/index.js";
export * from "./runtime/index.js";
export * from "./server/index.js";
export * from "./status/index.js";
