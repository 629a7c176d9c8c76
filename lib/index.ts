export * from "./util/validation";
