export { LogRequestError, parseLogQuery } from "./container-logs.js";
export { createKubeletServer, type KubeletServer, type KubeletServerOptions } from "./kubelet-server.js";
