#!/usr/bin/env node
// The installed command: runs the compiled launcher (`npm ci` builds it through the root "prepare" script).
import "../dist/main.js";
