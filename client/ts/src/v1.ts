// Re-exports every generated cairn.v1 module.
export * from "./gen/cairn/v1/access_pb.js";
export * from "./gen/cairn/v1/access_service_pb.js";
export * from "./gen/cairn/v1/artifact_pb.js";
export * from "./gen/cairn/v1/artifact_service_pb.js";
export * from "./gen/cairn/v1/common_pb.js";
export * from "./gen/cairn/v1/error_details_pb.js";
export * from "./gen/cairn/v1/experiment_pb.js";
export * from "./gen/cairn/v1/metric_pb.js";
export * from "./gen/cairn/v1/model_pb.js";
export * from "./gen/cairn/v1/model_registry_service_pb.js";
export * from "./gen/cairn/v1/run_pb.js";
export * from "./gen/cairn/v1/tracking_service_pb.js";
