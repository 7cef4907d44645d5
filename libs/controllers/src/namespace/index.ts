export {
  createNamespaceController,
  NAMESPACE_CONTROLLER,
  NAMESPACE_FINALIZER,
  namespaceControllerDescriptor,
} from "./namespace-controller.js";
