package dev.cairn.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * TrackingService records experiments, runs, params, tags and metrics.
 * Conventions for every RPC:
 * - Errors carry a google.rpc.ErrorInfo (domain "cairn.dev", reason from
 *   ErrorReason) and, for bad fields, a google.rpc.BadRequest.
 * - Any call fails with UNAVAILABLE when storage cannot be reached (retry with
 *   backoff) and INTERNAL with a log id for unexpected server faults.
 * - List/Search calls take `page_size` (default 100, maximum 1000; larger is
 *   INVALID_ARGUMENT) and an opaque `page_token`; `next_page_token` is empty on
 *   the last page. Reusing a token with a different query is INVALID_ARGUMENT.
 * - `request_id` (optional, at most 64 characters) makes a retried create or
 *   log call idempotent: the same id with the same request returns the first
 *   result without writing again.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class TrackingServiceGrpc {

  private TrackingServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "cairn.v1.TrackingService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.CreateExperimentRequest,
      dev.cairn.v1.CreateExperimentResponse> getCreateExperimentMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateExperiment",
      requestType = dev.cairn.v1.CreateExperimentRequest.class,
      responseType = dev.cairn.v1.CreateExperimentResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.CreateExperimentRequest,
      dev.cairn.v1.CreateExperimentResponse> getCreateExperimentMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.CreateExperimentRequest, dev.cairn.v1.CreateExperimentResponse> getCreateExperimentMethod;
    if ((getCreateExperimentMethod = TrackingServiceGrpc.getCreateExperimentMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getCreateExperimentMethod = TrackingServiceGrpc.getCreateExperimentMethod) == null) {
          TrackingServiceGrpc.getCreateExperimentMethod = getCreateExperimentMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.CreateExperimentRequest, dev.cairn.v1.CreateExperimentResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateExperiment"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateExperimentRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateExperimentResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("CreateExperiment"))
              .build();
        }
      }
    }
    return getCreateExperimentMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetExperimentRequest,
      dev.cairn.v1.GetExperimentResponse> getGetExperimentMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetExperiment",
      requestType = dev.cairn.v1.GetExperimentRequest.class,
      responseType = dev.cairn.v1.GetExperimentResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetExperimentRequest,
      dev.cairn.v1.GetExperimentResponse> getGetExperimentMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetExperimentRequest, dev.cairn.v1.GetExperimentResponse> getGetExperimentMethod;
    if ((getGetExperimentMethod = TrackingServiceGrpc.getGetExperimentMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getGetExperimentMethod = TrackingServiceGrpc.getGetExperimentMethod) == null) {
          TrackingServiceGrpc.getGetExperimentMethod = getGetExperimentMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetExperimentRequest, dev.cairn.v1.GetExperimentResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetExperiment"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetExperimentRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetExperimentResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("GetExperiment"))
              .build();
        }
      }
    }
    return getGetExperimentMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetExperimentByNameRequest,
      dev.cairn.v1.GetExperimentByNameResponse> getGetExperimentByNameMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetExperimentByName",
      requestType = dev.cairn.v1.GetExperimentByNameRequest.class,
      responseType = dev.cairn.v1.GetExperimentByNameResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetExperimentByNameRequest,
      dev.cairn.v1.GetExperimentByNameResponse> getGetExperimentByNameMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetExperimentByNameRequest, dev.cairn.v1.GetExperimentByNameResponse> getGetExperimentByNameMethod;
    if ((getGetExperimentByNameMethod = TrackingServiceGrpc.getGetExperimentByNameMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getGetExperimentByNameMethod = TrackingServiceGrpc.getGetExperimentByNameMethod) == null) {
          TrackingServiceGrpc.getGetExperimentByNameMethod = getGetExperimentByNameMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetExperimentByNameRequest, dev.cairn.v1.GetExperimentByNameResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetExperimentByName"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetExperimentByNameRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetExperimentByNameResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("GetExperimentByName"))
              .build();
        }
      }
    }
    return getGetExperimentByNameMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ListExperimentsRequest,
      dev.cairn.v1.ListExperimentsResponse> getListExperimentsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListExperiments",
      requestType = dev.cairn.v1.ListExperimentsRequest.class,
      responseType = dev.cairn.v1.ListExperimentsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ListExperimentsRequest,
      dev.cairn.v1.ListExperimentsResponse> getListExperimentsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ListExperimentsRequest, dev.cairn.v1.ListExperimentsResponse> getListExperimentsMethod;
    if ((getListExperimentsMethod = TrackingServiceGrpc.getListExperimentsMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getListExperimentsMethod = TrackingServiceGrpc.getListExperimentsMethod) == null) {
          TrackingServiceGrpc.getListExperimentsMethod = getListExperimentsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ListExperimentsRequest, dev.cairn.v1.ListExperimentsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListExperiments"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListExperimentsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListExperimentsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("ListExperiments"))
              .build();
        }
      }
    }
    return getListExperimentsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.UpdateExperimentRequest,
      dev.cairn.v1.UpdateExperimentResponse> getUpdateExperimentMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateExperiment",
      requestType = dev.cairn.v1.UpdateExperimentRequest.class,
      responseType = dev.cairn.v1.UpdateExperimentResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.UpdateExperimentRequest,
      dev.cairn.v1.UpdateExperimentResponse> getUpdateExperimentMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.UpdateExperimentRequest, dev.cairn.v1.UpdateExperimentResponse> getUpdateExperimentMethod;
    if ((getUpdateExperimentMethod = TrackingServiceGrpc.getUpdateExperimentMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getUpdateExperimentMethod = TrackingServiceGrpc.getUpdateExperimentMethod) == null) {
          TrackingServiceGrpc.getUpdateExperimentMethod = getUpdateExperimentMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.UpdateExperimentRequest, dev.cairn.v1.UpdateExperimentResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateExperiment"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateExperimentRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateExperimentResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("UpdateExperiment"))
              .build();
        }
      }
    }
    return getUpdateExperimentMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DeleteExperimentRequest,
      dev.cairn.v1.DeleteExperimentResponse> getDeleteExperimentMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteExperiment",
      requestType = dev.cairn.v1.DeleteExperimentRequest.class,
      responseType = dev.cairn.v1.DeleteExperimentResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DeleteExperimentRequest,
      dev.cairn.v1.DeleteExperimentResponse> getDeleteExperimentMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DeleteExperimentRequest, dev.cairn.v1.DeleteExperimentResponse> getDeleteExperimentMethod;
    if ((getDeleteExperimentMethod = TrackingServiceGrpc.getDeleteExperimentMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getDeleteExperimentMethod = TrackingServiceGrpc.getDeleteExperimentMethod) == null) {
          TrackingServiceGrpc.getDeleteExperimentMethod = getDeleteExperimentMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DeleteExperimentRequest, dev.cairn.v1.DeleteExperimentResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteExperiment"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteExperimentRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteExperimentResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("DeleteExperiment"))
              .build();
        }
      }
    }
    return getDeleteExperimentMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.RestoreExperimentRequest,
      dev.cairn.v1.RestoreExperimentResponse> getRestoreExperimentMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RestoreExperiment",
      requestType = dev.cairn.v1.RestoreExperimentRequest.class,
      responseType = dev.cairn.v1.RestoreExperimentResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.RestoreExperimentRequest,
      dev.cairn.v1.RestoreExperimentResponse> getRestoreExperimentMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.RestoreExperimentRequest, dev.cairn.v1.RestoreExperimentResponse> getRestoreExperimentMethod;
    if ((getRestoreExperimentMethod = TrackingServiceGrpc.getRestoreExperimentMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getRestoreExperimentMethod = TrackingServiceGrpc.getRestoreExperimentMethod) == null) {
          TrackingServiceGrpc.getRestoreExperimentMethod = getRestoreExperimentMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.RestoreExperimentRequest, dev.cairn.v1.RestoreExperimentResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RestoreExperiment"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RestoreExperimentRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RestoreExperimentResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("RestoreExperiment"))
              .build();
        }
      }
    }
    return getRestoreExperimentMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.CreateRunRequest,
      dev.cairn.v1.CreateRunResponse> getCreateRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateRun",
      requestType = dev.cairn.v1.CreateRunRequest.class,
      responseType = dev.cairn.v1.CreateRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.CreateRunRequest,
      dev.cairn.v1.CreateRunResponse> getCreateRunMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.CreateRunRequest, dev.cairn.v1.CreateRunResponse> getCreateRunMethod;
    if ((getCreateRunMethod = TrackingServiceGrpc.getCreateRunMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getCreateRunMethod = TrackingServiceGrpc.getCreateRunMethod) == null) {
          TrackingServiceGrpc.getCreateRunMethod = getCreateRunMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.CreateRunRequest, dev.cairn.v1.CreateRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("CreateRun"))
              .build();
        }
      }
    }
    return getCreateRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetRunRequest,
      dev.cairn.v1.GetRunResponse> getGetRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetRun",
      requestType = dev.cairn.v1.GetRunRequest.class,
      responseType = dev.cairn.v1.GetRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetRunRequest,
      dev.cairn.v1.GetRunResponse> getGetRunMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetRunRequest, dev.cairn.v1.GetRunResponse> getGetRunMethod;
    if ((getGetRunMethod = TrackingServiceGrpc.getGetRunMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getGetRunMethod = TrackingServiceGrpc.getGetRunMethod) == null) {
          TrackingServiceGrpc.getGetRunMethod = getGetRunMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetRunRequest, dev.cairn.v1.GetRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("GetRun"))
              .build();
        }
      }
    }
    return getGetRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.UpdateRunRequest,
      dev.cairn.v1.UpdateRunResponse> getUpdateRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateRun",
      requestType = dev.cairn.v1.UpdateRunRequest.class,
      responseType = dev.cairn.v1.UpdateRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.UpdateRunRequest,
      dev.cairn.v1.UpdateRunResponse> getUpdateRunMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.UpdateRunRequest, dev.cairn.v1.UpdateRunResponse> getUpdateRunMethod;
    if ((getUpdateRunMethod = TrackingServiceGrpc.getUpdateRunMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getUpdateRunMethod = TrackingServiceGrpc.getUpdateRunMethod) == null) {
          TrackingServiceGrpc.getUpdateRunMethod = getUpdateRunMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.UpdateRunRequest, dev.cairn.v1.UpdateRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("UpdateRun"))
              .build();
        }
      }
    }
    return getUpdateRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DeleteRunRequest,
      dev.cairn.v1.DeleteRunResponse> getDeleteRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteRun",
      requestType = dev.cairn.v1.DeleteRunRequest.class,
      responseType = dev.cairn.v1.DeleteRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DeleteRunRequest,
      dev.cairn.v1.DeleteRunResponse> getDeleteRunMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DeleteRunRequest, dev.cairn.v1.DeleteRunResponse> getDeleteRunMethod;
    if ((getDeleteRunMethod = TrackingServiceGrpc.getDeleteRunMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getDeleteRunMethod = TrackingServiceGrpc.getDeleteRunMethod) == null) {
          TrackingServiceGrpc.getDeleteRunMethod = getDeleteRunMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DeleteRunRequest, dev.cairn.v1.DeleteRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("DeleteRun"))
              .build();
        }
      }
    }
    return getDeleteRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.RestoreRunRequest,
      dev.cairn.v1.RestoreRunResponse> getRestoreRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RestoreRun",
      requestType = dev.cairn.v1.RestoreRunRequest.class,
      responseType = dev.cairn.v1.RestoreRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.RestoreRunRequest,
      dev.cairn.v1.RestoreRunResponse> getRestoreRunMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.RestoreRunRequest, dev.cairn.v1.RestoreRunResponse> getRestoreRunMethod;
    if ((getRestoreRunMethod = TrackingServiceGrpc.getRestoreRunMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getRestoreRunMethod = TrackingServiceGrpc.getRestoreRunMethod) == null) {
          TrackingServiceGrpc.getRestoreRunMethod = getRestoreRunMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.RestoreRunRequest, dev.cairn.v1.RestoreRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RestoreRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RestoreRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RestoreRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("RestoreRun"))
              .build();
        }
      }
    }
    return getRestoreRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.LogParamsRequest,
      dev.cairn.v1.LogParamsResponse> getLogParamsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "LogParams",
      requestType = dev.cairn.v1.LogParamsRequest.class,
      responseType = dev.cairn.v1.LogParamsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.LogParamsRequest,
      dev.cairn.v1.LogParamsResponse> getLogParamsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.LogParamsRequest, dev.cairn.v1.LogParamsResponse> getLogParamsMethod;
    if ((getLogParamsMethod = TrackingServiceGrpc.getLogParamsMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getLogParamsMethod = TrackingServiceGrpc.getLogParamsMethod) == null) {
          TrackingServiceGrpc.getLogParamsMethod = getLogParamsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.LogParamsRequest, dev.cairn.v1.LogParamsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "LogParams"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.LogParamsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.LogParamsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("LogParams"))
              .build();
        }
      }
    }
    return getLogParamsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.SetTagsRequest,
      dev.cairn.v1.SetTagsResponse> getSetTagsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetTags",
      requestType = dev.cairn.v1.SetTagsRequest.class,
      responseType = dev.cairn.v1.SetTagsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.SetTagsRequest,
      dev.cairn.v1.SetTagsResponse> getSetTagsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.SetTagsRequest, dev.cairn.v1.SetTagsResponse> getSetTagsMethod;
    if ((getSetTagsMethod = TrackingServiceGrpc.getSetTagsMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getSetTagsMethod = TrackingServiceGrpc.getSetTagsMethod) == null) {
          TrackingServiceGrpc.getSetTagsMethod = getSetTagsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.SetTagsRequest, dev.cairn.v1.SetTagsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetTags"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetTagsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetTagsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("SetTags"))
              .build();
        }
      }
    }
    return getSetTagsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DeleteTagRequest,
      dev.cairn.v1.DeleteTagResponse> getDeleteTagMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteTag",
      requestType = dev.cairn.v1.DeleteTagRequest.class,
      responseType = dev.cairn.v1.DeleteTagResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DeleteTagRequest,
      dev.cairn.v1.DeleteTagResponse> getDeleteTagMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DeleteTagRequest, dev.cairn.v1.DeleteTagResponse> getDeleteTagMethod;
    if ((getDeleteTagMethod = TrackingServiceGrpc.getDeleteTagMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getDeleteTagMethod = TrackingServiceGrpc.getDeleteTagMethod) == null) {
          TrackingServiceGrpc.getDeleteTagMethod = getDeleteTagMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DeleteTagRequest, dev.cairn.v1.DeleteTagResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteTag"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteTagRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteTagResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("DeleteTag"))
              .build();
        }
      }
    }
    return getDeleteTagMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.LogInputsRequest,
      dev.cairn.v1.LogInputsResponse> getLogInputsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "LogInputs",
      requestType = dev.cairn.v1.LogInputsRequest.class,
      responseType = dev.cairn.v1.LogInputsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.LogInputsRequest,
      dev.cairn.v1.LogInputsResponse> getLogInputsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.LogInputsRequest, dev.cairn.v1.LogInputsResponse> getLogInputsMethod;
    if ((getLogInputsMethod = TrackingServiceGrpc.getLogInputsMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getLogInputsMethod = TrackingServiceGrpc.getLogInputsMethod) == null) {
          TrackingServiceGrpc.getLogInputsMethod = getLogInputsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.LogInputsRequest, dev.cairn.v1.LogInputsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "LogInputs"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.LogInputsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.LogInputsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("LogInputs"))
              .build();
        }
      }
    }
    return getLogInputsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.LogMetricsRequest,
      dev.cairn.v1.LogMetricsResponse> getLogMetricsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "LogMetrics",
      requestType = dev.cairn.v1.LogMetricsRequest.class,
      responseType = dev.cairn.v1.LogMetricsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.LogMetricsRequest,
      dev.cairn.v1.LogMetricsResponse> getLogMetricsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.LogMetricsRequest, dev.cairn.v1.LogMetricsResponse> getLogMetricsMethod;
    if ((getLogMetricsMethod = TrackingServiceGrpc.getLogMetricsMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getLogMetricsMethod = TrackingServiceGrpc.getLogMetricsMethod) == null) {
          TrackingServiceGrpc.getLogMetricsMethod = getLogMetricsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.LogMetricsRequest, dev.cairn.v1.LogMetricsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "LogMetrics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.LogMetricsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.LogMetricsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("LogMetrics"))
              .build();
        }
      }
    }
    return getLogMetricsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.StreamMetricsRequest,
      dev.cairn.v1.StreamMetricsResponse> getStreamMetricsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "StreamMetrics",
      requestType = dev.cairn.v1.StreamMetricsRequest.class,
      responseType = dev.cairn.v1.StreamMetricsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.StreamMetricsRequest,
      dev.cairn.v1.StreamMetricsResponse> getStreamMetricsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.StreamMetricsRequest, dev.cairn.v1.StreamMetricsResponse> getStreamMetricsMethod;
    if ((getStreamMetricsMethod = TrackingServiceGrpc.getStreamMetricsMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getStreamMetricsMethod = TrackingServiceGrpc.getStreamMetricsMethod) == null) {
          TrackingServiceGrpc.getStreamMetricsMethod = getStreamMetricsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.StreamMetricsRequest, dev.cairn.v1.StreamMetricsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "StreamMetrics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.StreamMetricsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.StreamMetricsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("StreamMetrics"))
              .build();
        }
      }
    }
    return getStreamMetricsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetMetricHistoryRequest,
      dev.cairn.v1.GetMetricHistoryResponse> getGetMetricHistoryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMetricHistory",
      requestType = dev.cairn.v1.GetMetricHistoryRequest.class,
      responseType = dev.cairn.v1.GetMetricHistoryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetMetricHistoryRequest,
      dev.cairn.v1.GetMetricHistoryResponse> getGetMetricHistoryMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetMetricHistoryRequest, dev.cairn.v1.GetMetricHistoryResponse> getGetMetricHistoryMethod;
    if ((getGetMetricHistoryMethod = TrackingServiceGrpc.getGetMetricHistoryMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getGetMetricHistoryMethod = TrackingServiceGrpc.getGetMetricHistoryMethod) == null) {
          TrackingServiceGrpc.getGetMetricHistoryMethod = getGetMetricHistoryMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetMetricHistoryRequest, dev.cairn.v1.GetMetricHistoryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMetricHistory"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetMetricHistoryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetMetricHistoryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("GetMetricHistory"))
              .build();
        }
      }
    }
    return getGetMetricHistoryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ListMetricKeysRequest,
      dev.cairn.v1.ListMetricKeysResponse> getListMetricKeysMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListMetricKeys",
      requestType = dev.cairn.v1.ListMetricKeysRequest.class,
      responseType = dev.cairn.v1.ListMetricKeysResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ListMetricKeysRequest,
      dev.cairn.v1.ListMetricKeysResponse> getListMetricKeysMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ListMetricKeysRequest, dev.cairn.v1.ListMetricKeysResponse> getListMetricKeysMethod;
    if ((getListMetricKeysMethod = TrackingServiceGrpc.getListMetricKeysMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getListMetricKeysMethod = TrackingServiceGrpc.getListMetricKeysMethod) == null) {
          TrackingServiceGrpc.getListMetricKeysMethod = getListMetricKeysMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ListMetricKeysRequest, dev.cairn.v1.ListMetricKeysResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListMetricKeys"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListMetricKeysRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListMetricKeysResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("ListMetricKeys"))
              .build();
        }
      }
    }
    return getListMetricKeysMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.SearchRunsRequest,
      dev.cairn.v1.SearchRunsResponse> getSearchRunsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SearchRuns",
      requestType = dev.cairn.v1.SearchRunsRequest.class,
      responseType = dev.cairn.v1.SearchRunsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.SearchRunsRequest,
      dev.cairn.v1.SearchRunsResponse> getSearchRunsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.SearchRunsRequest, dev.cairn.v1.SearchRunsResponse> getSearchRunsMethod;
    if ((getSearchRunsMethod = TrackingServiceGrpc.getSearchRunsMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getSearchRunsMethod = TrackingServiceGrpc.getSearchRunsMethod) == null) {
          TrackingServiceGrpc.getSearchRunsMethod = getSearchRunsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.SearchRunsRequest, dev.cairn.v1.SearchRunsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SearchRuns"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SearchRunsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SearchRunsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("SearchRuns"))
              .build();
        }
      }
    }
    return getSearchRunsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.CompareRunsRequest,
      dev.cairn.v1.CompareRunsResponse> getCompareRunsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CompareRuns",
      requestType = dev.cairn.v1.CompareRunsRequest.class,
      responseType = dev.cairn.v1.CompareRunsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.CompareRunsRequest,
      dev.cairn.v1.CompareRunsResponse> getCompareRunsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.CompareRunsRequest, dev.cairn.v1.CompareRunsResponse> getCompareRunsMethod;
    if ((getCompareRunsMethod = TrackingServiceGrpc.getCompareRunsMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getCompareRunsMethod = TrackingServiceGrpc.getCompareRunsMethod) == null) {
          TrackingServiceGrpc.getCompareRunsMethod = getCompareRunsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.CompareRunsRequest, dev.cairn.v1.CompareRunsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CompareRuns"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CompareRunsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CompareRunsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("CompareRuns"))
              .build();
        }
      }
    }
    return getCompareRunsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetLeaderboardRequest,
      dev.cairn.v1.GetLeaderboardResponse> getGetLeaderboardMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetLeaderboard",
      requestType = dev.cairn.v1.GetLeaderboardRequest.class,
      responseType = dev.cairn.v1.GetLeaderboardResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetLeaderboardRequest,
      dev.cairn.v1.GetLeaderboardResponse> getGetLeaderboardMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetLeaderboardRequest, dev.cairn.v1.GetLeaderboardResponse> getGetLeaderboardMethod;
    if ((getGetLeaderboardMethod = TrackingServiceGrpc.getGetLeaderboardMethod) == null) {
      synchronized (TrackingServiceGrpc.class) {
        if ((getGetLeaderboardMethod = TrackingServiceGrpc.getGetLeaderboardMethod) == null) {
          TrackingServiceGrpc.getGetLeaderboardMethod = getGetLeaderboardMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetLeaderboardRequest, dev.cairn.v1.GetLeaderboardResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetLeaderboard"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetLeaderboardRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetLeaderboardResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TrackingServiceMethodDescriptorSupplier("GetLeaderboard"))
              .build();
        }
      }
    }
    return getGetLeaderboardMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static TrackingServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TrackingServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TrackingServiceStub>() {
        @java.lang.Override
        public TrackingServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TrackingServiceStub(channel, callOptions);
        }
      };
    return TrackingServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static TrackingServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TrackingServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TrackingServiceBlockingV2Stub>() {
        @java.lang.Override
        public TrackingServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TrackingServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return TrackingServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static TrackingServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TrackingServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TrackingServiceBlockingStub>() {
        @java.lang.Override
        public TrackingServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TrackingServiceBlockingStub(channel, callOptions);
        }
      };
    return TrackingServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static TrackingServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TrackingServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TrackingServiceFutureStub>() {
        @java.lang.Override
        public TrackingServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TrackingServiceFutureStub(channel, callOptions);
        }
      };
    return TrackingServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * TrackingService records experiments, runs, params, tags and metrics.
   * Conventions for every RPC:
   * - Errors carry a google.rpc.ErrorInfo (domain "cairn.dev", reason from
   *   ErrorReason) and, for bad fields, a google.rpc.BadRequest.
   * - Any call fails with UNAVAILABLE when storage cannot be reached (retry with
   *   backoff) and INTERNAL with a log id for unexpected server faults.
   * - List/Search calls take `page_size` (default 100, maximum 1000; larger is
   *   INVALID_ARGUMENT) and an opaque `page_token`; `next_page_token` is empty on
   *   the last page. Reusing a token with a different query is INVALID_ARGUMENT.
   * - `request_id` (optional, at most 64 characters) makes a retried create or
   *   log call idempotent: the same id with the same request returns the first
   *   result without writing again.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates an experiment. Fails with ALREADY_EXISTS if the name is taken
     * (also by a deleted experiment), INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    default void createExperiment(dev.cairn.v1.CreateExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateExperimentResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateExperimentMethod(), responseObserver);
    }

    /**
     * <pre>
     * Gets an experiment by id, deleted ones included. Fails with NOT_FOUND.
     * </pre>
     */
    default void getExperiment(dev.cairn.v1.GetExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetExperimentResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetExperimentMethod(), responseObserver);
    }

    /**
     * <pre>
     * Gets an experiment by its exact name. Fails with NOT_FOUND.
     * </pre>
     */
    default void getExperimentByName(dev.cairn.v1.GetExperimentByNameRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetExperimentByNameResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetExperimentByNameMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists experiments in creation order.
     * </pre>
     */
    default void listExperiments(dev.cairn.v1.ListExperimentsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListExperimentsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListExperimentsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (name, description, tags).
     * Fails with NOT_FOUND, ALREADY_EXISTS on a taken name, INVALID_ARGUMENT on
     * an empty or unknown mask path, FAILED_PRECONDITION if deleted.
     * </pre>
     */
    default void updateExperiment(dev.cairn.v1.UpdateExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateExperimentResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateExperimentMethod(), responseObserver);
    }

    /**
     * <pre>
     * Soft-deletes an experiment and hides its runs from default searches.
     * Fails with NOT_FOUND; deleting a deleted experiment succeeds (no-op).
     * </pre>
     */
    default void deleteExperiment(dev.cairn.v1.DeleteExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteExperimentResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteExperimentMethod(), responseObserver);
    }

    /**
     * <pre>
     * Restores a soft-deleted experiment. Fails with NOT_FOUND; restoring an
     * active experiment succeeds (no-op).
     * </pre>
     */
    default void restoreExperiment(dev.cairn.v1.RestoreExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RestoreExperimentResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRestoreExperimentMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a run in RUNNING state. Fails with NOT_FOUND for an unknown
     * experiment or parent run, FAILED_PRECONDITION if the experiment is deleted
     * or the parent belongs to another experiment, INVALID_ARGUMENT for bad
     * params or tags (nothing is written).
     * </pre>
     */
    default void createRun(dev.cairn.v1.CreateRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateRunMethod(), responseObserver);
    }

    /**
     * <pre>
     * Gets a run with its params, tags, latest metrics and inputs. NOT_FOUND.
     * </pre>
     */
    default void getRun(dev.cairn.v1.GetRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetRunMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates status, run_name or end_time_millis per `update_mask`. Setting a
     * terminal status without an end time stamps the current time; setting
     * RUNNING on a terminal run reopens it and clears the end time. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if deleted, INVALID_ARGUMENT for a bad mask.
     * </pre>
     */
    default void updateRun(dev.cairn.v1.UpdateRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateRunMethod(), responseObserver);
    }

    /**
     * <pre>
     * Soft-deletes a run. NOT_FOUND; deleting twice is a no-op.
     * </pre>
     */
    default void deleteRun(dev.cairn.v1.DeleteRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteRunMethod(), responseObserver);
    }

    /**
     * <pre>
     * Restores a soft-deleted run. NOT_FOUND; FAILED_PRECONDITION if its
     * experiment is deleted.
     * </pre>
     */
    default void restoreRun(dev.cairn.v1.RestoreRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RestoreRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRestoreRunMethod(), responseObserver);
    }

    /**
     * <pre>
     * Logs params in one batch (at most 1000). A param is immutable: re-logging
     * the same value succeeds, a different value fails with INVALID_ARGUMENT
     * (reason PARAM_IMMUTABLE) naming the key. All or nothing. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if the run is finished or deleted.
     * </pre>
     */
    default void logParams(dev.cairn.v1.LogParamsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.LogParamsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLogParamsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sets (inserts or overwrites) tags in one batch (at most 1000). All or
     * nothing. NOT_FOUND, FAILED_PRECONDITION if the run is deleted.
     * </pre>
     */
    default void setTags(dev.cairn.v1.SetTagsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetTagsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetTagsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes one tag. NOT_FOUND if the run or the tag does not exist.
     * </pre>
     */
    default void deleteTag(dev.cairn.v1.DeleteTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteTagResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteTagMethod(), responseObserver);
    }

    /**
     * <pre>
     * Records which datasets a run consumed. Idempotent per (dataset name,
     * digest, context). NOT_FOUND, FAILED_PRECONDITION if finished or deleted.
     * </pre>
     */
    default void logInputs(dev.cairn.v1.LogInputsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.LogInputsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLogInputsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Logs metric points as columnar batches in one call (at most 1,000,000
     * points in total). All or nothing. Fails with INVALID_ARGUMENT for
     * mismatched array lengths, negative steps or bad keys; NOT_FOUND for an
     * unknown run; FAILED_PRECONDITION if a run is finished or deleted;
     * RESOURCE_EXHAUSTED over the limit.
     * </pre>
     */
    default void logMetrics(dev.cairn.v1.LogMetricsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.LogMetricsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLogMetricsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams metric points with exactly-once effect. The first client message
     * must be `open`; the server answers with `opened`, carrying the last seq it
     * committed for that stream_id, so a reconnecting client resends only what
     * follows. Each `data` message must carry seq = last seq + 1. The server
     * acks a seq only after its points are durably committed; acks are
     * cumulative. A seq at or below the last committed one is acknowledged as a
     * duplicate and not stored again. The stream ends with:
     * OUT_OF_RANGE (reason STREAM_SEQ_GAP) when a seq skips ahead;
     * INVALID_ARGUMENT for a malformed message or batch;
     * NOT_FOUND for an unknown run; FAILED_PRECONDITION for a finished or
     * deleted run; RESOURCE_EXHAUSTED for a message over the size limits;
     * ABORTED (reason STREAM_FENCED) when another connection opened the same
     * stream_id after this one. In every case nothing of the failing message is
     * stored and everything acked before it stays stored.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<dev.cairn.v1.StreamMetricsRequest> streamMetrics(
        io.grpc.stub.StreamObserver<dev.cairn.v1.StreamMetricsResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getStreamMetricsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams one metric's points in step order as columnar chunks. When a step
     * was logged more than once, the point logged last wins. With `max_points`
     * the server downsamples to about that many points, keeping the first, min,
     * max and last point of each step bucket. NOT_FOUND for an unknown run;
     * an unknown key yields an empty stream.
     * </pre>
     */
    default void getMetricHistory(dev.cairn.v1.GetMetricHistoryRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetMetricHistoryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMetricHistoryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists a run's metric keys with their latest values. NOT_FOUND.
     * </pre>
     */
    default void listMetricKeys(dev.cairn.v1.ListMetricKeysRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListMetricKeysResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMetricKeysMethod(), responseObserver);
    }

    /**
     * <pre>
     * Searches runs of one or more experiments with a filter expression (see
     * the README for the grammar) and `order_by` clauses such as
     * "metrics.loss ASC". INVALID_ARGUMENT (reason INVALID_FILTER) names the
     * position of a filter error; NOT_FOUND for an unknown experiment.
     * </pre>
     */
    default void searchRuns(dev.cairn.v1.SearchRunsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SearchRunsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSearchRunsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Compares runs side by side: params (marking those that differ), metric
     * summaries and tags. At most 100 runs. NOT_FOUND names a missing run.
     * </pre>
     */
    default void compareRuns(dev.cairn.v1.CompareRunsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CompareRunsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompareRunsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the top runs by one metric aggregate. INVALID_ARGUMENT for a bad
     * filter or k out of 1..1000.
     * </pre>
     */
    default void getLeaderboard(dev.cairn.v1.GetLeaderboardRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetLeaderboardResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetLeaderboardMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service TrackingService.
   * <pre>
   * TrackingService records experiments, runs, params, tags and metrics.
   * Conventions for every RPC:
   * - Errors carry a google.rpc.ErrorInfo (domain "cairn.dev", reason from
   *   ErrorReason) and, for bad fields, a google.rpc.BadRequest.
   * - Any call fails with UNAVAILABLE when storage cannot be reached (retry with
   *   backoff) and INTERNAL with a log id for unexpected server faults.
   * - List/Search calls take `page_size` (default 100, maximum 1000; larger is
   *   INVALID_ARGUMENT) and an opaque `page_token`; `next_page_token` is empty on
   *   the last page. Reusing a token with a different query is INVALID_ARGUMENT.
   * - `request_id` (optional, at most 64 characters) makes a retried create or
   *   log call idempotent: the same id with the same request returns the first
   *   result without writing again.
   * </pre>
   */
  public static abstract class TrackingServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return TrackingServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service TrackingService.
   * <pre>
   * TrackingService records experiments, runs, params, tags and metrics.
   * Conventions for every RPC:
   * - Errors carry a google.rpc.ErrorInfo (domain "cairn.dev", reason from
   *   ErrorReason) and, for bad fields, a google.rpc.BadRequest.
   * - Any call fails with UNAVAILABLE when storage cannot be reached (retry with
   *   backoff) and INTERNAL with a log id for unexpected server faults.
   * - List/Search calls take `page_size` (default 100, maximum 1000; larger is
   *   INVALID_ARGUMENT) and an opaque `page_token`; `next_page_token` is empty on
   *   the last page. Reusing a token with a different query is INVALID_ARGUMENT.
   * - `request_id` (optional, at most 64 characters) makes a retried create or
   *   log call idempotent: the same id with the same request returns the first
   *   result without writing again.
   * </pre>
   */
  public static final class TrackingServiceStub
      extends io.grpc.stub.AbstractAsyncStub<TrackingServiceStub> {
    private TrackingServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TrackingServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TrackingServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an experiment. Fails with ALREADY_EXISTS if the name is taken
     * (also by a deleted experiment), INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    public void createExperiment(dev.cairn.v1.CreateExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateExperimentResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateExperimentMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Gets an experiment by id, deleted ones included. Fails with NOT_FOUND.
     * </pre>
     */
    public void getExperiment(dev.cairn.v1.GetExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetExperimentResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetExperimentMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Gets an experiment by its exact name. Fails with NOT_FOUND.
     * </pre>
     */
    public void getExperimentByName(dev.cairn.v1.GetExperimentByNameRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetExperimentByNameResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetExperimentByNameMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists experiments in creation order.
     * </pre>
     */
    public void listExperiments(dev.cairn.v1.ListExperimentsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListExperimentsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListExperimentsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (name, description, tags).
     * Fails with NOT_FOUND, ALREADY_EXISTS on a taken name, INVALID_ARGUMENT on
     * an empty or unknown mask path, FAILED_PRECONDITION if deleted.
     * </pre>
     */
    public void updateExperiment(dev.cairn.v1.UpdateExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateExperimentResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateExperimentMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Soft-deletes an experiment and hides its runs from default searches.
     * Fails with NOT_FOUND; deleting a deleted experiment succeeds (no-op).
     * </pre>
     */
    public void deleteExperiment(dev.cairn.v1.DeleteExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteExperimentResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteExperimentMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Restores a soft-deleted experiment. Fails with NOT_FOUND; restoring an
     * active experiment succeeds (no-op).
     * </pre>
     */
    public void restoreExperiment(dev.cairn.v1.RestoreExperimentRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RestoreExperimentResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRestoreExperimentMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a run in RUNNING state. Fails with NOT_FOUND for an unknown
     * experiment or parent run, FAILED_PRECONDITION if the experiment is deleted
     * or the parent belongs to another experiment, INVALID_ARGUMENT for bad
     * params or tags (nothing is written).
     * </pre>
     */
    public void createRun(dev.cairn.v1.CreateRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Gets a run with its params, tags, latest metrics and inputs. NOT_FOUND.
     * </pre>
     */
    public void getRun(dev.cairn.v1.GetRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates status, run_name or end_time_millis per `update_mask`. Setting a
     * terminal status without an end time stamps the current time; setting
     * RUNNING on a terminal run reopens it and clears the end time. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if deleted, INVALID_ARGUMENT for a bad mask.
     * </pre>
     */
    public void updateRun(dev.cairn.v1.UpdateRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Soft-deletes a run. NOT_FOUND; deleting twice is a no-op.
     * </pre>
     */
    public void deleteRun(dev.cairn.v1.DeleteRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Restores a soft-deleted run. NOT_FOUND; FAILED_PRECONDITION if its
     * experiment is deleted.
     * </pre>
     */
    public void restoreRun(dev.cairn.v1.RestoreRunRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RestoreRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRestoreRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Logs params in one batch (at most 1000). A param is immutable: re-logging
     * the same value succeeds, a different value fails with INVALID_ARGUMENT
     * (reason PARAM_IMMUTABLE) naming the key. All or nothing. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if the run is finished or deleted.
     * </pre>
     */
    public void logParams(dev.cairn.v1.LogParamsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.LogParamsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLogParamsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sets (inserts or overwrites) tags in one batch (at most 1000). All or
     * nothing. NOT_FOUND, FAILED_PRECONDITION if the run is deleted.
     * </pre>
     */
    public void setTags(dev.cairn.v1.SetTagsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetTagsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetTagsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes one tag. NOT_FOUND if the run or the tag does not exist.
     * </pre>
     */
    public void deleteTag(dev.cairn.v1.DeleteTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteTagResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteTagMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Records which datasets a run consumed. Idempotent per (dataset name,
     * digest, context). NOT_FOUND, FAILED_PRECONDITION if finished or deleted.
     * </pre>
     */
    public void logInputs(dev.cairn.v1.LogInputsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.LogInputsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLogInputsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Logs metric points as columnar batches in one call (at most 1,000,000
     * points in total). All or nothing. Fails with INVALID_ARGUMENT for
     * mismatched array lengths, negative steps or bad keys; NOT_FOUND for an
     * unknown run; FAILED_PRECONDITION if a run is finished or deleted;
     * RESOURCE_EXHAUSTED over the limit.
     * </pre>
     */
    public void logMetrics(dev.cairn.v1.LogMetricsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.LogMetricsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLogMetricsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams metric points with exactly-once effect. The first client message
     * must be `open`; the server answers with `opened`, carrying the last seq it
     * committed for that stream_id, so a reconnecting client resends only what
     * follows. Each `data` message must carry seq = last seq + 1. The server
     * acks a seq only after its points are durably committed; acks are
     * cumulative. A seq at or below the last committed one is acknowledged as a
     * duplicate and not stored again. The stream ends with:
     * OUT_OF_RANGE (reason STREAM_SEQ_GAP) when a seq skips ahead;
     * INVALID_ARGUMENT for a malformed message or batch;
     * NOT_FOUND for an unknown run; FAILED_PRECONDITION for a finished or
     * deleted run; RESOURCE_EXHAUSTED for a message over the size limits;
     * ABORTED (reason STREAM_FENCED) when another connection opened the same
     * stream_id after this one. In every case nothing of the failing message is
     * stored and everything acked before it stays stored.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<dev.cairn.v1.StreamMetricsRequest> streamMetrics(
        io.grpc.stub.StreamObserver<dev.cairn.v1.StreamMetricsResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getStreamMetricsMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Streams one metric's points in step order as columnar chunks. When a step
     * was logged more than once, the point logged last wins. With `max_points`
     * the server downsamples to about that many points, keeping the first, min,
     * max and last point of each step bucket. NOT_FOUND for an unknown run;
     * an unknown key yields an empty stream.
     * </pre>
     */
    public void getMetricHistory(dev.cairn.v1.GetMetricHistoryRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetMetricHistoryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getGetMetricHistoryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists a run's metric keys with their latest values. NOT_FOUND.
     * </pre>
     */
    public void listMetricKeys(dev.cairn.v1.ListMetricKeysRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListMetricKeysResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMetricKeysMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Searches runs of one or more experiments with a filter expression (see
     * the README for the grammar) and `order_by` clauses such as
     * "metrics.loss ASC". INVALID_ARGUMENT (reason INVALID_FILTER) names the
     * position of a filter error; NOT_FOUND for an unknown experiment.
     * </pre>
     */
    public void searchRuns(dev.cairn.v1.SearchRunsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SearchRunsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSearchRunsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Compares runs side by side: params (marking those that differ), metric
     * summaries and tags. At most 100 runs. NOT_FOUND names a missing run.
     * </pre>
     */
    public void compareRuns(dev.cairn.v1.CompareRunsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CompareRunsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompareRunsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the top runs by one metric aggregate. INVALID_ARGUMENT for a bad
     * filter or k out of 1..1000.
     * </pre>
     */
    public void getLeaderboard(dev.cairn.v1.GetLeaderboardRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetLeaderboardResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetLeaderboardMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service TrackingService.
   * <pre>
   * TrackingService records experiments, runs, params, tags and metrics.
   * Conventions for every RPC:
   * - Errors carry a google.rpc.ErrorInfo (domain "cairn.dev", reason from
   *   ErrorReason) and, for bad fields, a google.rpc.BadRequest.
   * - Any call fails with UNAVAILABLE when storage cannot be reached (retry with
   *   backoff) and INTERNAL with a log id for unexpected server faults.
   * - List/Search calls take `page_size` (default 100, maximum 1000; larger is
   *   INVALID_ARGUMENT) and an opaque `page_token`; `next_page_token` is empty on
   *   the last page. Reusing a token with a different query is INVALID_ARGUMENT.
   * - `request_id` (optional, at most 64 characters) makes a retried create or
   *   log call idempotent: the same id with the same request returns the first
   *   result without writing again.
   * </pre>
   */
  public static final class TrackingServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<TrackingServiceBlockingV2Stub> {
    private TrackingServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TrackingServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TrackingServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an experiment. Fails with ALREADY_EXISTS if the name is taken
     * (also by a deleted experiment), INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    public dev.cairn.v1.CreateExperimentResponse createExperiment(dev.cairn.v1.CreateExperimentRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets an experiment by id, deleted ones included. Fails with NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetExperimentResponse getExperiment(dev.cairn.v1.GetExperimentRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets an experiment by its exact name. Fails with NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetExperimentByNameResponse getExperimentByName(dev.cairn.v1.GetExperimentByNameRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetExperimentByNameMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists experiments in creation order.
     * </pre>
     */
    public dev.cairn.v1.ListExperimentsResponse listExperiments(dev.cairn.v1.ListExperimentsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListExperimentsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (name, description, tags).
     * Fails with NOT_FOUND, ALREADY_EXISTS on a taken name, INVALID_ARGUMENT on
     * an empty or unknown mask path, FAILED_PRECONDITION if deleted.
     * </pre>
     */
    public dev.cairn.v1.UpdateExperimentResponse updateExperiment(dev.cairn.v1.UpdateExperimentRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Soft-deletes an experiment and hides its runs from default searches.
     * Fails with NOT_FOUND; deleting a deleted experiment succeeds (no-op).
     * </pre>
     */
    public dev.cairn.v1.DeleteExperimentResponse deleteExperiment(dev.cairn.v1.DeleteExperimentRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores a soft-deleted experiment. Fails with NOT_FOUND; restoring an
     * active experiment succeeds (no-op).
     * </pre>
     */
    public dev.cairn.v1.RestoreExperimentResponse restoreExperiment(dev.cairn.v1.RestoreExperimentRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRestoreExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a run in RUNNING state. Fails with NOT_FOUND for an unknown
     * experiment or parent run, FAILED_PRECONDITION if the experiment is deleted
     * or the parent belongs to another experiment, INVALID_ARGUMENT for bad
     * params or tags (nothing is written).
     * </pre>
     */
    public dev.cairn.v1.CreateRunResponse createRun(dev.cairn.v1.CreateRunRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets a run with its params, tags, latest metrics and inputs. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetRunResponse getRun(dev.cairn.v1.GetRunRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates status, run_name or end_time_millis per `update_mask`. Setting a
     * terminal status without an end time stamps the current time; setting
     * RUNNING on a terminal run reopens it and clears the end time. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if deleted, INVALID_ARGUMENT for a bad mask.
     * </pre>
     */
    public dev.cairn.v1.UpdateRunResponse updateRun(dev.cairn.v1.UpdateRunRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Soft-deletes a run. NOT_FOUND; deleting twice is a no-op.
     * </pre>
     */
    public dev.cairn.v1.DeleteRunResponse deleteRun(dev.cairn.v1.DeleteRunRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores a soft-deleted run. NOT_FOUND; FAILED_PRECONDITION if its
     * experiment is deleted.
     * </pre>
     */
    public dev.cairn.v1.RestoreRunResponse restoreRun(dev.cairn.v1.RestoreRunRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRestoreRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Logs params in one batch (at most 1000). A param is immutable: re-logging
     * the same value succeeds, a different value fails with INVALID_ARGUMENT
     * (reason PARAM_IMMUTABLE) naming the key. All or nothing. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if the run is finished or deleted.
     * </pre>
     */
    public dev.cairn.v1.LogParamsResponse logParams(dev.cairn.v1.LogParamsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getLogParamsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets (inserts or overwrites) tags in one batch (at most 1000). All or
     * nothing. NOT_FOUND, FAILED_PRECONDITION if the run is deleted.
     * </pre>
     */
    public dev.cairn.v1.SetTagsResponse setTags(dev.cairn.v1.SetTagsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetTagsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes one tag. NOT_FOUND if the run or the tag does not exist.
     * </pre>
     */
    public dev.cairn.v1.DeleteTagResponse deleteTag(dev.cairn.v1.DeleteTagRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Records which datasets a run consumed. Idempotent per (dataset name,
     * digest, context). NOT_FOUND, FAILED_PRECONDITION if finished or deleted.
     * </pre>
     */
    public dev.cairn.v1.LogInputsResponse logInputs(dev.cairn.v1.LogInputsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getLogInputsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Logs metric points as columnar batches in one call (at most 1,000,000
     * points in total). All or nothing. Fails with INVALID_ARGUMENT for
     * mismatched array lengths, negative steps or bad keys; NOT_FOUND for an
     * unknown run; FAILED_PRECONDITION if a run is finished or deleted;
     * RESOURCE_EXHAUSTED over the limit.
     * </pre>
     */
    public dev.cairn.v1.LogMetricsResponse logMetrics(dev.cairn.v1.LogMetricsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getLogMetricsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams metric points with exactly-once effect. The first client message
     * must be `open`; the server answers with `opened`, carrying the last seq it
     * committed for that stream_id, so a reconnecting client resends only what
     * follows. Each `data` message must carry seq = last seq + 1. The server
     * acks a seq only after its points are durably committed; acks are
     * cumulative. A seq at or below the last committed one is acknowledged as a
     * duplicate and not stored again. The stream ends with:
     * OUT_OF_RANGE (reason STREAM_SEQ_GAP) when a seq skips ahead;
     * INVALID_ARGUMENT for a malformed message or batch;
     * NOT_FOUND for an unknown run; FAILED_PRECONDITION for a finished or
     * deleted run; RESOURCE_EXHAUSTED for a message over the size limits;
     * ABORTED (reason STREAM_FENCED) when another connection opened the same
     * stream_id after this one. In every case nothing of the failing message is
     * stored and everything acked before it stays stored.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<dev.cairn.v1.StreamMetricsRequest, dev.cairn.v1.StreamMetricsResponse>
        streamMetrics() {
      return io.grpc.stub.ClientCalls.blockingBidiStreamingCall(
          getChannel(), getStreamMetricsMethod(), getCallOptions());
    }

    /**
     * <pre>
     * Streams one metric's points in step order as columnar chunks. When a step
     * was logged more than once, the point logged last wins. With `max_points`
     * the server downsamples to about that many points, keeping the first, min,
     * max and last point of each step bucket. NOT_FOUND for an unknown run;
     * an unknown key yields an empty stream.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.cairn.v1.GetMetricHistoryResponse>
        getMetricHistory(dev.cairn.v1.GetMetricHistoryRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getGetMetricHistoryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a run's metric keys with their latest values. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.ListMetricKeysResponse listMetricKeys(dev.cairn.v1.ListMetricKeysRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListMetricKeysMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Searches runs of one or more experiments with a filter expression (see
     * the README for the grammar) and `order_by` clauses such as
     * "metrics.loss ASC". INVALID_ARGUMENT (reason INVALID_FILTER) names the
     * position of a filter error; NOT_FOUND for an unknown experiment.
     * </pre>
     */
    public dev.cairn.v1.SearchRunsResponse searchRuns(dev.cairn.v1.SearchRunsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSearchRunsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Compares runs side by side: params (marking those that differ), metric
     * summaries and tags. At most 100 runs. NOT_FOUND names a missing run.
     * </pre>
     */
    public dev.cairn.v1.CompareRunsResponse compareRuns(dev.cairn.v1.CompareRunsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCompareRunsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the top runs by one metric aggregate. INVALID_ARGUMENT for a bad
     * filter or k out of 1..1000.
     * </pre>
     */
    public dev.cairn.v1.GetLeaderboardResponse getLeaderboard(dev.cairn.v1.GetLeaderboardRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetLeaderboardMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service TrackingService.
   * <pre>
   * TrackingService records experiments, runs, params, tags and metrics.
   * Conventions for every RPC:
   * - Errors carry a google.rpc.ErrorInfo (domain "cairn.dev", reason from
   *   ErrorReason) and, for bad fields, a google.rpc.BadRequest.
   * - Any call fails with UNAVAILABLE when storage cannot be reached (retry with
   *   backoff) and INTERNAL with a log id for unexpected server faults.
   * - List/Search calls take `page_size` (default 100, maximum 1000; larger is
   *   INVALID_ARGUMENT) and an opaque `page_token`; `next_page_token` is empty on
   *   the last page. Reusing a token with a different query is INVALID_ARGUMENT.
   * - `request_id` (optional, at most 64 characters) makes a retried create or
   *   log call idempotent: the same id with the same request returns the first
   *   result without writing again.
   * </pre>
   */
  public static final class TrackingServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<TrackingServiceBlockingStub> {
    private TrackingServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TrackingServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TrackingServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an experiment. Fails with ALREADY_EXISTS if the name is taken
     * (also by a deleted experiment), INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    public dev.cairn.v1.CreateExperimentResponse createExperiment(dev.cairn.v1.CreateExperimentRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets an experiment by id, deleted ones included. Fails with NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetExperimentResponse getExperiment(dev.cairn.v1.GetExperimentRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets an experiment by its exact name. Fails with NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetExperimentByNameResponse getExperimentByName(dev.cairn.v1.GetExperimentByNameRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetExperimentByNameMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists experiments in creation order.
     * </pre>
     */
    public dev.cairn.v1.ListExperimentsResponse listExperiments(dev.cairn.v1.ListExperimentsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListExperimentsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (name, description, tags).
     * Fails with NOT_FOUND, ALREADY_EXISTS on a taken name, INVALID_ARGUMENT on
     * an empty or unknown mask path, FAILED_PRECONDITION if deleted.
     * </pre>
     */
    public dev.cairn.v1.UpdateExperimentResponse updateExperiment(dev.cairn.v1.UpdateExperimentRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Soft-deletes an experiment and hides its runs from default searches.
     * Fails with NOT_FOUND; deleting a deleted experiment succeeds (no-op).
     * </pre>
     */
    public dev.cairn.v1.DeleteExperimentResponse deleteExperiment(dev.cairn.v1.DeleteExperimentRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores a soft-deleted experiment. Fails with NOT_FOUND; restoring an
     * active experiment succeeds (no-op).
     * </pre>
     */
    public dev.cairn.v1.RestoreExperimentResponse restoreExperiment(dev.cairn.v1.RestoreExperimentRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRestoreExperimentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a run in RUNNING state. Fails with NOT_FOUND for an unknown
     * experiment or parent run, FAILED_PRECONDITION if the experiment is deleted
     * or the parent belongs to another experiment, INVALID_ARGUMENT for bad
     * params or tags (nothing is written).
     * </pre>
     */
    public dev.cairn.v1.CreateRunResponse createRun(dev.cairn.v1.CreateRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets a run with its params, tags, latest metrics and inputs. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetRunResponse getRun(dev.cairn.v1.GetRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates status, run_name or end_time_millis per `update_mask`. Setting a
     * terminal status without an end time stamps the current time; setting
     * RUNNING on a terminal run reopens it and clears the end time. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if deleted, INVALID_ARGUMENT for a bad mask.
     * </pre>
     */
    public dev.cairn.v1.UpdateRunResponse updateRun(dev.cairn.v1.UpdateRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Soft-deletes a run. NOT_FOUND; deleting twice is a no-op.
     * </pre>
     */
    public dev.cairn.v1.DeleteRunResponse deleteRun(dev.cairn.v1.DeleteRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores a soft-deleted run. NOT_FOUND; FAILED_PRECONDITION if its
     * experiment is deleted.
     * </pre>
     */
    public dev.cairn.v1.RestoreRunResponse restoreRun(dev.cairn.v1.RestoreRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRestoreRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Logs params in one batch (at most 1000). A param is immutable: re-logging
     * the same value succeeds, a different value fails with INVALID_ARGUMENT
     * (reason PARAM_IMMUTABLE) naming the key. All or nothing. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if the run is finished or deleted.
     * </pre>
     */
    public dev.cairn.v1.LogParamsResponse logParams(dev.cairn.v1.LogParamsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLogParamsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets (inserts or overwrites) tags in one batch (at most 1000). All or
     * nothing. NOT_FOUND, FAILED_PRECONDITION if the run is deleted.
     * </pre>
     */
    public dev.cairn.v1.SetTagsResponse setTags(dev.cairn.v1.SetTagsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetTagsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes one tag. NOT_FOUND if the run or the tag does not exist.
     * </pre>
     */
    public dev.cairn.v1.DeleteTagResponse deleteTag(dev.cairn.v1.DeleteTagRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Records which datasets a run consumed. Idempotent per (dataset name,
     * digest, context). NOT_FOUND, FAILED_PRECONDITION if finished or deleted.
     * </pre>
     */
    public dev.cairn.v1.LogInputsResponse logInputs(dev.cairn.v1.LogInputsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLogInputsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Logs metric points as columnar batches in one call (at most 1,000,000
     * points in total). All or nothing. Fails with INVALID_ARGUMENT for
     * mismatched array lengths, negative steps or bad keys; NOT_FOUND for an
     * unknown run; FAILED_PRECONDITION if a run is finished or deleted;
     * RESOURCE_EXHAUSTED over the limit.
     * </pre>
     */
    public dev.cairn.v1.LogMetricsResponse logMetrics(dev.cairn.v1.LogMetricsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLogMetricsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams one metric's points in step order as columnar chunks. When a step
     * was logged more than once, the point logged last wins. With `max_points`
     * the server downsamples to about that many points, keeping the first, min,
     * max and last point of each step bucket. NOT_FOUND for an unknown run;
     * an unknown key yields an empty stream.
     * </pre>
     */
    public java.util.Iterator<dev.cairn.v1.GetMetricHistoryResponse> getMetricHistory(
        dev.cairn.v1.GetMetricHistoryRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getGetMetricHistoryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a run's metric keys with their latest values. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.ListMetricKeysResponse listMetricKeys(dev.cairn.v1.ListMetricKeysRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMetricKeysMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Searches runs of one or more experiments with a filter expression (see
     * the README for the grammar) and `order_by` clauses such as
     * "metrics.loss ASC". INVALID_ARGUMENT (reason INVALID_FILTER) names the
     * position of a filter error; NOT_FOUND for an unknown experiment.
     * </pre>
     */
    public dev.cairn.v1.SearchRunsResponse searchRuns(dev.cairn.v1.SearchRunsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSearchRunsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Compares runs side by side: params (marking those that differ), metric
     * summaries and tags. At most 100 runs. NOT_FOUND names a missing run.
     * </pre>
     */
    public dev.cairn.v1.CompareRunsResponse compareRuns(dev.cairn.v1.CompareRunsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompareRunsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the top runs by one metric aggregate. INVALID_ARGUMENT for a bad
     * filter or k out of 1..1000.
     * </pre>
     */
    public dev.cairn.v1.GetLeaderboardResponse getLeaderboard(dev.cairn.v1.GetLeaderboardRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetLeaderboardMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service TrackingService.
   * <pre>
   * TrackingService records experiments, runs, params, tags and metrics.
   * Conventions for every RPC:
   * - Errors carry a google.rpc.ErrorInfo (domain "cairn.dev", reason from
   *   ErrorReason) and, for bad fields, a google.rpc.BadRequest.
   * - Any call fails with UNAVAILABLE when storage cannot be reached (retry with
   *   backoff) and INTERNAL with a log id for unexpected server faults.
   * - List/Search calls take `page_size` (default 100, maximum 1000; larger is
   *   INVALID_ARGUMENT) and an opaque `page_token`; `next_page_token` is empty on
   *   the last page. Reusing a token with a different query is INVALID_ARGUMENT.
   * - `request_id` (optional, at most 64 characters) makes a retried create or
   *   log call idempotent: the same id with the same request returns the first
   *   result without writing again.
   * </pre>
   */
  public static final class TrackingServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<TrackingServiceFutureStub> {
    private TrackingServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TrackingServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TrackingServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an experiment. Fails with ALREADY_EXISTS if the name is taken
     * (also by a deleted experiment), INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.CreateExperimentResponse> createExperiment(
        dev.cairn.v1.CreateExperimentRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateExperimentMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Gets an experiment by id, deleted ones included. Fails with NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetExperimentResponse> getExperiment(
        dev.cairn.v1.GetExperimentRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetExperimentMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Gets an experiment by its exact name. Fails with NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetExperimentByNameResponse> getExperimentByName(
        dev.cairn.v1.GetExperimentByNameRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetExperimentByNameMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists experiments in creation order.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ListExperimentsResponse> listExperiments(
        dev.cairn.v1.ListExperimentsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListExperimentsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (name, description, tags).
     * Fails with NOT_FOUND, ALREADY_EXISTS on a taken name, INVALID_ARGUMENT on
     * an empty or unknown mask path, FAILED_PRECONDITION if deleted.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.UpdateExperimentResponse> updateExperiment(
        dev.cairn.v1.UpdateExperimentRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateExperimentMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Soft-deletes an experiment and hides its runs from default searches.
     * Fails with NOT_FOUND; deleting a deleted experiment succeeds (no-op).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.DeleteExperimentResponse> deleteExperiment(
        dev.cairn.v1.DeleteExperimentRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteExperimentMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Restores a soft-deleted experiment. Fails with NOT_FOUND; restoring an
     * active experiment succeeds (no-op).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.RestoreExperimentResponse> restoreExperiment(
        dev.cairn.v1.RestoreExperimentRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRestoreExperimentMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a run in RUNNING state. Fails with NOT_FOUND for an unknown
     * experiment or parent run, FAILED_PRECONDITION if the experiment is deleted
     * or the parent belongs to another experiment, INVALID_ARGUMENT for bad
     * params or tags (nothing is written).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.CreateRunResponse> createRun(
        dev.cairn.v1.CreateRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateRunMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Gets a run with its params, tags, latest metrics and inputs. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetRunResponse> getRun(
        dev.cairn.v1.GetRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetRunMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates status, run_name or end_time_millis per `update_mask`. Setting a
     * terminal status without an end time stamps the current time; setting
     * RUNNING on a terminal run reopens it and clears the end time. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if deleted, INVALID_ARGUMENT for a bad mask.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.UpdateRunResponse> updateRun(
        dev.cairn.v1.UpdateRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateRunMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Soft-deletes a run. NOT_FOUND; deleting twice is a no-op.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.DeleteRunResponse> deleteRun(
        dev.cairn.v1.DeleteRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteRunMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Restores a soft-deleted run. NOT_FOUND; FAILED_PRECONDITION if its
     * experiment is deleted.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.RestoreRunResponse> restoreRun(
        dev.cairn.v1.RestoreRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRestoreRunMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Logs params in one batch (at most 1000). A param is immutable: re-logging
     * the same value succeeds, a different value fails with INVALID_ARGUMENT
     * (reason PARAM_IMMUTABLE) naming the key. All or nothing. Fails with
     * NOT_FOUND, FAILED_PRECONDITION if the run is finished or deleted.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.LogParamsResponse> logParams(
        dev.cairn.v1.LogParamsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLogParamsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sets (inserts or overwrites) tags in one batch (at most 1000). All or
     * nothing. NOT_FOUND, FAILED_PRECONDITION if the run is deleted.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.SetTagsResponse> setTags(
        dev.cairn.v1.SetTagsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetTagsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes one tag. NOT_FOUND if the run or the tag does not exist.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.DeleteTagResponse> deleteTag(
        dev.cairn.v1.DeleteTagRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteTagMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Records which datasets a run consumed. Idempotent per (dataset name,
     * digest, context). NOT_FOUND, FAILED_PRECONDITION if finished or deleted.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.LogInputsResponse> logInputs(
        dev.cairn.v1.LogInputsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLogInputsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Logs metric points as columnar batches in one call (at most 1,000,000
     * points in total). All or nothing. Fails with INVALID_ARGUMENT for
     * mismatched array lengths, negative steps or bad keys; NOT_FOUND for an
     * unknown run; FAILED_PRECONDITION if a run is finished or deleted;
     * RESOURCE_EXHAUSTED over the limit.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.LogMetricsResponse> logMetrics(
        dev.cairn.v1.LogMetricsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLogMetricsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists a run's metric keys with their latest values. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ListMetricKeysResponse> listMetricKeys(
        dev.cairn.v1.ListMetricKeysRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMetricKeysMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Searches runs of one or more experiments with a filter expression (see
     * the README for the grammar) and `order_by` clauses such as
     * "metrics.loss ASC". INVALID_ARGUMENT (reason INVALID_FILTER) names the
     * position of a filter error; NOT_FOUND for an unknown experiment.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.SearchRunsResponse> searchRuns(
        dev.cairn.v1.SearchRunsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSearchRunsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Compares runs side by side: params (marking those that differ), metric
     * summaries and tags. At most 100 runs. NOT_FOUND names a missing run.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.CompareRunsResponse> compareRuns(
        dev.cairn.v1.CompareRunsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompareRunsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns the top runs by one metric aggregate. INVALID_ARGUMENT for a bad
     * filter or k out of 1..1000.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetLeaderboardResponse> getLeaderboard(
        dev.cairn.v1.GetLeaderboardRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetLeaderboardMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_EXPERIMENT = 0;
  private static final int METHODID_GET_EXPERIMENT = 1;
  private static final int METHODID_GET_EXPERIMENT_BY_NAME = 2;
  private static final int METHODID_LIST_EXPERIMENTS = 3;
  private static final int METHODID_UPDATE_EXPERIMENT = 4;
  private static final int METHODID_DELETE_EXPERIMENT = 5;
  private static final int METHODID_RESTORE_EXPERIMENT = 6;
  private static final int METHODID_CREATE_RUN = 7;
  private static final int METHODID_GET_RUN = 8;
  private static final int METHODID_UPDATE_RUN = 9;
  private static final int METHODID_DELETE_RUN = 10;
  private static final int METHODID_RESTORE_RUN = 11;
  private static final int METHODID_LOG_PARAMS = 12;
  private static final int METHODID_SET_TAGS = 13;
  private static final int METHODID_DELETE_TAG = 14;
  private static final int METHODID_LOG_INPUTS = 15;
  private static final int METHODID_LOG_METRICS = 16;
  private static final int METHODID_GET_METRIC_HISTORY = 17;
  private static final int METHODID_LIST_METRIC_KEYS = 18;
  private static final int METHODID_SEARCH_RUNS = 19;
  private static final int METHODID_COMPARE_RUNS = 20;
  private static final int METHODID_GET_LEADERBOARD = 21;
  private static final int METHODID_STREAM_METRICS = 22;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_EXPERIMENT:
          serviceImpl.createExperiment((dev.cairn.v1.CreateExperimentRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.CreateExperimentResponse>) responseObserver);
          break;
        case METHODID_GET_EXPERIMENT:
          serviceImpl.getExperiment((dev.cairn.v1.GetExperimentRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetExperimentResponse>) responseObserver);
          break;
        case METHODID_GET_EXPERIMENT_BY_NAME:
          serviceImpl.getExperimentByName((dev.cairn.v1.GetExperimentByNameRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetExperimentByNameResponse>) responseObserver);
          break;
        case METHODID_LIST_EXPERIMENTS:
          serviceImpl.listExperiments((dev.cairn.v1.ListExperimentsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ListExperimentsResponse>) responseObserver);
          break;
        case METHODID_UPDATE_EXPERIMENT:
          serviceImpl.updateExperiment((dev.cairn.v1.UpdateExperimentRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateExperimentResponse>) responseObserver);
          break;
        case METHODID_DELETE_EXPERIMENT:
          serviceImpl.deleteExperiment((dev.cairn.v1.DeleteExperimentRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteExperimentResponse>) responseObserver);
          break;
        case METHODID_RESTORE_EXPERIMENT:
          serviceImpl.restoreExperiment((dev.cairn.v1.RestoreExperimentRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.RestoreExperimentResponse>) responseObserver);
          break;
        case METHODID_CREATE_RUN:
          serviceImpl.createRun((dev.cairn.v1.CreateRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.CreateRunResponse>) responseObserver);
          break;
        case METHODID_GET_RUN:
          serviceImpl.getRun((dev.cairn.v1.GetRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetRunResponse>) responseObserver);
          break;
        case METHODID_UPDATE_RUN:
          serviceImpl.updateRun((dev.cairn.v1.UpdateRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateRunResponse>) responseObserver);
          break;
        case METHODID_DELETE_RUN:
          serviceImpl.deleteRun((dev.cairn.v1.DeleteRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteRunResponse>) responseObserver);
          break;
        case METHODID_RESTORE_RUN:
          serviceImpl.restoreRun((dev.cairn.v1.RestoreRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.RestoreRunResponse>) responseObserver);
          break;
        case METHODID_LOG_PARAMS:
          serviceImpl.logParams((dev.cairn.v1.LogParamsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.LogParamsResponse>) responseObserver);
          break;
        case METHODID_SET_TAGS:
          serviceImpl.setTags((dev.cairn.v1.SetTagsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.SetTagsResponse>) responseObserver);
          break;
        case METHODID_DELETE_TAG:
          serviceImpl.deleteTag((dev.cairn.v1.DeleteTagRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteTagResponse>) responseObserver);
          break;
        case METHODID_LOG_INPUTS:
          serviceImpl.logInputs((dev.cairn.v1.LogInputsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.LogInputsResponse>) responseObserver);
          break;
        case METHODID_LOG_METRICS:
          serviceImpl.logMetrics((dev.cairn.v1.LogMetricsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.LogMetricsResponse>) responseObserver);
          break;
        case METHODID_GET_METRIC_HISTORY:
          serviceImpl.getMetricHistory((dev.cairn.v1.GetMetricHistoryRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetMetricHistoryResponse>) responseObserver);
          break;
        case METHODID_LIST_METRIC_KEYS:
          serviceImpl.listMetricKeys((dev.cairn.v1.ListMetricKeysRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ListMetricKeysResponse>) responseObserver);
          break;
        case METHODID_SEARCH_RUNS:
          serviceImpl.searchRuns((dev.cairn.v1.SearchRunsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.SearchRunsResponse>) responseObserver);
          break;
        case METHODID_COMPARE_RUNS:
          serviceImpl.compareRuns((dev.cairn.v1.CompareRunsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.CompareRunsResponse>) responseObserver);
          break;
        case METHODID_GET_LEADERBOARD:
          serviceImpl.getLeaderboard((dev.cairn.v1.GetLeaderboardRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetLeaderboardResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_STREAM_METRICS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.streamMetrics(
              (io.grpc.stub.StreamObserver<dev.cairn.v1.StreamMetricsResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getCreateExperimentMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.CreateExperimentRequest,
              dev.cairn.v1.CreateExperimentResponse>(
                service, METHODID_CREATE_EXPERIMENT)))
        .addMethod(
          getGetExperimentMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetExperimentRequest,
              dev.cairn.v1.GetExperimentResponse>(
                service, METHODID_GET_EXPERIMENT)))
        .addMethod(
          getGetExperimentByNameMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetExperimentByNameRequest,
              dev.cairn.v1.GetExperimentByNameResponse>(
                service, METHODID_GET_EXPERIMENT_BY_NAME)))
        .addMethod(
          getListExperimentsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ListExperimentsRequest,
              dev.cairn.v1.ListExperimentsResponse>(
                service, METHODID_LIST_EXPERIMENTS)))
        .addMethod(
          getUpdateExperimentMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.UpdateExperimentRequest,
              dev.cairn.v1.UpdateExperimentResponse>(
                service, METHODID_UPDATE_EXPERIMENT)))
        .addMethod(
          getDeleteExperimentMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.DeleteExperimentRequest,
              dev.cairn.v1.DeleteExperimentResponse>(
                service, METHODID_DELETE_EXPERIMENT)))
        .addMethod(
          getRestoreExperimentMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.RestoreExperimentRequest,
              dev.cairn.v1.RestoreExperimentResponse>(
                service, METHODID_RESTORE_EXPERIMENT)))
        .addMethod(
          getCreateRunMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.CreateRunRequest,
              dev.cairn.v1.CreateRunResponse>(
                service, METHODID_CREATE_RUN)))
        .addMethod(
          getGetRunMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetRunRequest,
              dev.cairn.v1.GetRunResponse>(
                service, METHODID_GET_RUN)))
        .addMethod(
          getUpdateRunMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.UpdateRunRequest,
              dev.cairn.v1.UpdateRunResponse>(
                service, METHODID_UPDATE_RUN)))
        .addMethod(
          getDeleteRunMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.DeleteRunRequest,
              dev.cairn.v1.DeleteRunResponse>(
                service, METHODID_DELETE_RUN)))
        .addMethod(
          getRestoreRunMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.RestoreRunRequest,
              dev.cairn.v1.RestoreRunResponse>(
                service, METHODID_RESTORE_RUN)))
        .addMethod(
          getLogParamsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.LogParamsRequest,
              dev.cairn.v1.LogParamsResponse>(
                service, METHODID_LOG_PARAMS)))
        .addMethod(
          getSetTagsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.SetTagsRequest,
              dev.cairn.v1.SetTagsResponse>(
                service, METHODID_SET_TAGS)))
        .addMethod(
          getDeleteTagMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.DeleteTagRequest,
              dev.cairn.v1.DeleteTagResponse>(
                service, METHODID_DELETE_TAG)))
        .addMethod(
          getLogInputsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.LogInputsRequest,
              dev.cairn.v1.LogInputsResponse>(
                service, METHODID_LOG_INPUTS)))
        .addMethod(
          getLogMetricsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.LogMetricsRequest,
              dev.cairn.v1.LogMetricsResponse>(
                service, METHODID_LOG_METRICS)))
        .addMethod(
          getStreamMetricsMethod(),
          io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
            new MethodHandlers<
              dev.cairn.v1.StreamMetricsRequest,
              dev.cairn.v1.StreamMetricsResponse>(
                service, METHODID_STREAM_METRICS)))
        .addMethod(
          getGetMetricHistoryMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.cairn.v1.GetMetricHistoryRequest,
              dev.cairn.v1.GetMetricHistoryResponse>(
                service, METHODID_GET_METRIC_HISTORY)))
        .addMethod(
          getListMetricKeysMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ListMetricKeysRequest,
              dev.cairn.v1.ListMetricKeysResponse>(
                service, METHODID_LIST_METRIC_KEYS)))
        .addMethod(
          getSearchRunsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.SearchRunsRequest,
              dev.cairn.v1.SearchRunsResponse>(
                service, METHODID_SEARCH_RUNS)))
        .addMethod(
          getCompareRunsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.CompareRunsRequest,
              dev.cairn.v1.CompareRunsResponse>(
                service, METHODID_COMPARE_RUNS)))
        .addMethod(
          getGetLeaderboardMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetLeaderboardRequest,
              dev.cairn.v1.GetLeaderboardResponse>(
                service, METHODID_GET_LEADERBOARD)))
        .build();
  }

  private static abstract class TrackingServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    TrackingServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.cairn.v1.TrackingServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("TrackingService");
    }
  }

  private static final class TrackingServiceFileDescriptorSupplier
      extends TrackingServiceBaseDescriptorSupplier {
    TrackingServiceFileDescriptorSupplier() {}
  }

  private static final class TrackingServiceMethodDescriptorSupplier
      extends TrackingServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    TrackingServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (TrackingServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new TrackingServiceFileDescriptorSupplier())
              .addMethod(getCreateExperimentMethod())
              .addMethod(getGetExperimentMethod())
              .addMethod(getGetExperimentByNameMethod())
              .addMethod(getListExperimentsMethod())
              .addMethod(getUpdateExperimentMethod())
              .addMethod(getDeleteExperimentMethod())
              .addMethod(getRestoreExperimentMethod())
              .addMethod(getCreateRunMethod())
              .addMethod(getGetRunMethod())
              .addMethod(getUpdateRunMethod())
              .addMethod(getDeleteRunMethod())
              .addMethod(getRestoreRunMethod())
              .addMethod(getLogParamsMethod())
              .addMethod(getSetTagsMethod())
              .addMethod(getDeleteTagMethod())
              .addMethod(getLogInputsMethod())
              .addMethod(getLogMetricsMethod())
              .addMethod(getStreamMetricsMethod())
              .addMethod(getGetMetricHistoryMethod())
              .addMethod(getListMetricKeysMethod())
              .addMethod(getSearchRunsMethod())
              .addMethod(getCompareRunsMethod())
              .addMethod(getGetLeaderboardMethod())
              .build();
        }
      }
    }
    return result;
  }
}
