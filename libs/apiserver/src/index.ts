export type { ResourceStrategy, TableColumn } from "./registry/strategy.js";
