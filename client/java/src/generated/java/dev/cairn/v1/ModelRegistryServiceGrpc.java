package dev.cairn.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * ModelRegistryService manages registered models, their versions, aliases and
 * stages, with an audit trail and a live event stream. The acting user is
 * taken from the `x-cairn-user` request metadata ("anonymous" if absent).
 * List/Search paging follows the TrackingService conventions. Any call fails
 * with UNAVAILABLE when storage cannot be reached.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class ModelRegistryServiceGrpc {

  private ModelRegistryServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "cairn.v1.ModelRegistryService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.CreateRegisteredModelRequest,
      dev.cairn.v1.CreateRegisteredModelResponse> getCreateRegisteredModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateRegisteredModel",
      requestType = dev.cairn.v1.CreateRegisteredModelRequest.class,
      responseType = dev.cairn.v1.CreateRegisteredModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.CreateRegisteredModelRequest,
      dev.cairn.v1.CreateRegisteredModelResponse> getCreateRegisteredModelMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.CreateRegisteredModelRequest, dev.cairn.v1.CreateRegisteredModelResponse> getCreateRegisteredModelMethod;
    if ((getCreateRegisteredModelMethod = ModelRegistryServiceGrpc.getCreateRegisteredModelMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getCreateRegisteredModelMethod = ModelRegistryServiceGrpc.getCreateRegisteredModelMethod) == null) {
          ModelRegistryServiceGrpc.getCreateRegisteredModelMethod = getCreateRegisteredModelMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.CreateRegisteredModelRequest, dev.cairn.v1.CreateRegisteredModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateRegisteredModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateRegisteredModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateRegisteredModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("CreateRegisteredModel"))
              .build();
        }
      }
    }
    return getCreateRegisteredModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetRegisteredModelRequest,
      dev.cairn.v1.GetRegisteredModelResponse> getGetRegisteredModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetRegisteredModel",
      requestType = dev.cairn.v1.GetRegisteredModelRequest.class,
      responseType = dev.cairn.v1.GetRegisteredModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetRegisteredModelRequest,
      dev.cairn.v1.GetRegisteredModelResponse> getGetRegisteredModelMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetRegisteredModelRequest, dev.cairn.v1.GetRegisteredModelResponse> getGetRegisteredModelMethod;
    if ((getGetRegisteredModelMethod = ModelRegistryServiceGrpc.getGetRegisteredModelMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getGetRegisteredModelMethod = ModelRegistryServiceGrpc.getGetRegisteredModelMethod) == null) {
          ModelRegistryServiceGrpc.getGetRegisteredModelMethod = getGetRegisteredModelMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetRegisteredModelRequest, dev.cairn.v1.GetRegisteredModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetRegisteredModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetRegisteredModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetRegisteredModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("GetRegisteredModel"))
              .build();
        }
      }
    }
    return getGetRegisteredModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.SearchRegisteredModelsRequest,
      dev.cairn.v1.SearchRegisteredModelsResponse> getSearchRegisteredModelsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SearchRegisteredModels",
      requestType = dev.cairn.v1.SearchRegisteredModelsRequest.class,
      responseType = dev.cairn.v1.SearchRegisteredModelsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.SearchRegisteredModelsRequest,
      dev.cairn.v1.SearchRegisteredModelsResponse> getSearchRegisteredModelsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.SearchRegisteredModelsRequest, dev.cairn.v1.SearchRegisteredModelsResponse> getSearchRegisteredModelsMethod;
    if ((getSearchRegisteredModelsMethod = ModelRegistryServiceGrpc.getSearchRegisteredModelsMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getSearchRegisteredModelsMethod = ModelRegistryServiceGrpc.getSearchRegisteredModelsMethod) == null) {
          ModelRegistryServiceGrpc.getSearchRegisteredModelsMethod = getSearchRegisteredModelsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.SearchRegisteredModelsRequest, dev.cairn.v1.SearchRegisteredModelsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SearchRegisteredModels"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SearchRegisteredModelsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SearchRegisteredModelsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("SearchRegisteredModels"))
              .build();
        }
      }
    }
    return getSearchRegisteredModelsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.RenameRegisteredModelRequest,
      dev.cairn.v1.RenameRegisteredModelResponse> getRenameRegisteredModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RenameRegisteredModel",
      requestType = dev.cairn.v1.RenameRegisteredModelRequest.class,
      responseType = dev.cairn.v1.RenameRegisteredModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.RenameRegisteredModelRequest,
      dev.cairn.v1.RenameRegisteredModelResponse> getRenameRegisteredModelMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.RenameRegisteredModelRequest, dev.cairn.v1.RenameRegisteredModelResponse> getRenameRegisteredModelMethod;
    if ((getRenameRegisteredModelMethod = ModelRegistryServiceGrpc.getRenameRegisteredModelMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getRenameRegisteredModelMethod = ModelRegistryServiceGrpc.getRenameRegisteredModelMethod) == null) {
          ModelRegistryServiceGrpc.getRenameRegisteredModelMethod = getRenameRegisteredModelMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.RenameRegisteredModelRequest, dev.cairn.v1.RenameRegisteredModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RenameRegisteredModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RenameRegisteredModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RenameRegisteredModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("RenameRegisteredModel"))
              .build();
        }
      }
    }
    return getRenameRegisteredModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.UpdateRegisteredModelRequest,
      dev.cairn.v1.UpdateRegisteredModelResponse> getUpdateRegisteredModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateRegisteredModel",
      requestType = dev.cairn.v1.UpdateRegisteredModelRequest.class,
      responseType = dev.cairn.v1.UpdateRegisteredModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.UpdateRegisteredModelRequest,
      dev.cairn.v1.UpdateRegisteredModelResponse> getUpdateRegisteredModelMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.UpdateRegisteredModelRequest, dev.cairn.v1.UpdateRegisteredModelResponse> getUpdateRegisteredModelMethod;
    if ((getUpdateRegisteredModelMethod = ModelRegistryServiceGrpc.getUpdateRegisteredModelMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getUpdateRegisteredModelMethod = ModelRegistryServiceGrpc.getUpdateRegisteredModelMethod) == null) {
          ModelRegistryServiceGrpc.getUpdateRegisteredModelMethod = getUpdateRegisteredModelMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.UpdateRegisteredModelRequest, dev.cairn.v1.UpdateRegisteredModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateRegisteredModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateRegisteredModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateRegisteredModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("UpdateRegisteredModel"))
              .build();
        }
      }
    }
    return getUpdateRegisteredModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DeleteRegisteredModelRequest,
      dev.cairn.v1.DeleteRegisteredModelResponse> getDeleteRegisteredModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteRegisteredModel",
      requestType = dev.cairn.v1.DeleteRegisteredModelRequest.class,
      responseType = dev.cairn.v1.DeleteRegisteredModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DeleteRegisteredModelRequest,
      dev.cairn.v1.DeleteRegisteredModelResponse> getDeleteRegisteredModelMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DeleteRegisteredModelRequest, dev.cairn.v1.DeleteRegisteredModelResponse> getDeleteRegisteredModelMethod;
    if ((getDeleteRegisteredModelMethod = ModelRegistryServiceGrpc.getDeleteRegisteredModelMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getDeleteRegisteredModelMethod = ModelRegistryServiceGrpc.getDeleteRegisteredModelMethod) == null) {
          ModelRegistryServiceGrpc.getDeleteRegisteredModelMethod = getDeleteRegisteredModelMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DeleteRegisteredModelRequest, dev.cairn.v1.DeleteRegisteredModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteRegisteredModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteRegisteredModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteRegisteredModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("DeleteRegisteredModel"))
              .build();
        }
      }
    }
    return getDeleteRegisteredModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.SetRegisteredModelTagRequest,
      dev.cairn.v1.SetRegisteredModelTagResponse> getSetRegisteredModelTagMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetRegisteredModelTag",
      requestType = dev.cairn.v1.SetRegisteredModelTagRequest.class,
      responseType = dev.cairn.v1.SetRegisteredModelTagResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.SetRegisteredModelTagRequest,
      dev.cairn.v1.SetRegisteredModelTagResponse> getSetRegisteredModelTagMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.SetRegisteredModelTagRequest, dev.cairn.v1.SetRegisteredModelTagResponse> getSetRegisteredModelTagMethod;
    if ((getSetRegisteredModelTagMethod = ModelRegistryServiceGrpc.getSetRegisteredModelTagMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getSetRegisteredModelTagMethod = ModelRegistryServiceGrpc.getSetRegisteredModelTagMethod) == null) {
          ModelRegistryServiceGrpc.getSetRegisteredModelTagMethod = getSetRegisteredModelTagMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.SetRegisteredModelTagRequest, dev.cairn.v1.SetRegisteredModelTagResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetRegisteredModelTag"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetRegisteredModelTagRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetRegisteredModelTagResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("SetRegisteredModelTag"))
              .build();
        }
      }
    }
    return getSetRegisteredModelTagMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DeleteRegisteredModelTagRequest,
      dev.cairn.v1.DeleteRegisteredModelTagResponse> getDeleteRegisteredModelTagMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteRegisteredModelTag",
      requestType = dev.cairn.v1.DeleteRegisteredModelTagRequest.class,
      responseType = dev.cairn.v1.DeleteRegisteredModelTagResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DeleteRegisteredModelTagRequest,
      dev.cairn.v1.DeleteRegisteredModelTagResponse> getDeleteRegisteredModelTagMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DeleteRegisteredModelTagRequest, dev.cairn.v1.DeleteRegisteredModelTagResponse> getDeleteRegisteredModelTagMethod;
    if ((getDeleteRegisteredModelTagMethod = ModelRegistryServiceGrpc.getDeleteRegisteredModelTagMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getDeleteRegisteredModelTagMethod = ModelRegistryServiceGrpc.getDeleteRegisteredModelTagMethod) == null) {
          ModelRegistryServiceGrpc.getDeleteRegisteredModelTagMethod = getDeleteRegisteredModelTagMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DeleteRegisteredModelTagRequest, dev.cairn.v1.DeleteRegisteredModelTagResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteRegisteredModelTag"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteRegisteredModelTagRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteRegisteredModelTagResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("DeleteRegisteredModelTag"))
              .build();
        }
      }
    }
    return getDeleteRegisteredModelTagMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.CreateModelVersionRequest,
      dev.cairn.v1.CreateModelVersionResponse> getCreateModelVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateModelVersion",
      requestType = dev.cairn.v1.CreateModelVersionRequest.class,
      responseType = dev.cairn.v1.CreateModelVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.CreateModelVersionRequest,
      dev.cairn.v1.CreateModelVersionResponse> getCreateModelVersionMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.CreateModelVersionRequest, dev.cairn.v1.CreateModelVersionResponse> getCreateModelVersionMethod;
    if ((getCreateModelVersionMethod = ModelRegistryServiceGrpc.getCreateModelVersionMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getCreateModelVersionMethod = ModelRegistryServiceGrpc.getCreateModelVersionMethod) == null) {
          ModelRegistryServiceGrpc.getCreateModelVersionMethod = getCreateModelVersionMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.CreateModelVersionRequest, dev.cairn.v1.CreateModelVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateModelVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateModelVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateModelVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("CreateModelVersion"))
              .build();
        }
      }
    }
    return getCreateModelVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetModelVersionRequest,
      dev.cairn.v1.GetModelVersionResponse> getGetModelVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetModelVersion",
      requestType = dev.cairn.v1.GetModelVersionRequest.class,
      responseType = dev.cairn.v1.GetModelVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetModelVersionRequest,
      dev.cairn.v1.GetModelVersionResponse> getGetModelVersionMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetModelVersionRequest, dev.cairn.v1.GetModelVersionResponse> getGetModelVersionMethod;
    if ((getGetModelVersionMethod = ModelRegistryServiceGrpc.getGetModelVersionMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getGetModelVersionMethod = ModelRegistryServiceGrpc.getGetModelVersionMethod) == null) {
          ModelRegistryServiceGrpc.getGetModelVersionMethod = getGetModelVersionMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetModelVersionRequest, dev.cairn.v1.GetModelVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetModelVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetModelVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetModelVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("GetModelVersion"))
              .build();
        }
      }
    }
    return getGetModelVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.SearchModelVersionsRequest,
      dev.cairn.v1.SearchModelVersionsResponse> getSearchModelVersionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SearchModelVersions",
      requestType = dev.cairn.v1.SearchModelVersionsRequest.class,
      responseType = dev.cairn.v1.SearchModelVersionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.SearchModelVersionsRequest,
      dev.cairn.v1.SearchModelVersionsResponse> getSearchModelVersionsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.SearchModelVersionsRequest, dev.cairn.v1.SearchModelVersionsResponse> getSearchModelVersionsMethod;
    if ((getSearchModelVersionsMethod = ModelRegistryServiceGrpc.getSearchModelVersionsMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getSearchModelVersionsMethod = ModelRegistryServiceGrpc.getSearchModelVersionsMethod) == null) {
          ModelRegistryServiceGrpc.getSearchModelVersionsMethod = getSearchModelVersionsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.SearchModelVersionsRequest, dev.cairn.v1.SearchModelVersionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SearchModelVersions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SearchModelVersionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SearchModelVersionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("SearchModelVersions"))
              .build();
        }
      }
    }
    return getSearchModelVersionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.UpdateModelVersionRequest,
      dev.cairn.v1.UpdateModelVersionResponse> getUpdateModelVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateModelVersion",
      requestType = dev.cairn.v1.UpdateModelVersionRequest.class,
      responseType = dev.cairn.v1.UpdateModelVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.UpdateModelVersionRequest,
      dev.cairn.v1.UpdateModelVersionResponse> getUpdateModelVersionMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.UpdateModelVersionRequest, dev.cairn.v1.UpdateModelVersionResponse> getUpdateModelVersionMethod;
    if ((getUpdateModelVersionMethod = ModelRegistryServiceGrpc.getUpdateModelVersionMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getUpdateModelVersionMethod = ModelRegistryServiceGrpc.getUpdateModelVersionMethod) == null) {
          ModelRegistryServiceGrpc.getUpdateModelVersionMethod = getUpdateModelVersionMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.UpdateModelVersionRequest, dev.cairn.v1.UpdateModelVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateModelVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateModelVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateModelVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("UpdateModelVersion"))
              .build();
        }
      }
    }
    return getUpdateModelVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DeleteModelVersionRequest,
      dev.cairn.v1.DeleteModelVersionResponse> getDeleteModelVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteModelVersion",
      requestType = dev.cairn.v1.DeleteModelVersionRequest.class,
      responseType = dev.cairn.v1.DeleteModelVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DeleteModelVersionRequest,
      dev.cairn.v1.DeleteModelVersionResponse> getDeleteModelVersionMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DeleteModelVersionRequest, dev.cairn.v1.DeleteModelVersionResponse> getDeleteModelVersionMethod;
    if ((getDeleteModelVersionMethod = ModelRegistryServiceGrpc.getDeleteModelVersionMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getDeleteModelVersionMethod = ModelRegistryServiceGrpc.getDeleteModelVersionMethod) == null) {
          ModelRegistryServiceGrpc.getDeleteModelVersionMethod = getDeleteModelVersionMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DeleteModelVersionRequest, dev.cairn.v1.DeleteModelVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteModelVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteModelVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteModelVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("DeleteModelVersion"))
              .build();
        }
      }
    }
    return getDeleteModelVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.SetModelVersionTagRequest,
      dev.cairn.v1.SetModelVersionTagResponse> getSetModelVersionTagMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetModelVersionTag",
      requestType = dev.cairn.v1.SetModelVersionTagRequest.class,
      responseType = dev.cairn.v1.SetModelVersionTagResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.SetModelVersionTagRequest,
      dev.cairn.v1.SetModelVersionTagResponse> getSetModelVersionTagMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.SetModelVersionTagRequest, dev.cairn.v1.SetModelVersionTagResponse> getSetModelVersionTagMethod;
    if ((getSetModelVersionTagMethod = ModelRegistryServiceGrpc.getSetModelVersionTagMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getSetModelVersionTagMethod = ModelRegistryServiceGrpc.getSetModelVersionTagMethod) == null) {
          ModelRegistryServiceGrpc.getSetModelVersionTagMethod = getSetModelVersionTagMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.SetModelVersionTagRequest, dev.cairn.v1.SetModelVersionTagResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetModelVersionTag"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetModelVersionTagRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetModelVersionTagResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("SetModelVersionTag"))
              .build();
        }
      }
    }
    return getSetModelVersionTagMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DeleteModelVersionTagRequest,
      dev.cairn.v1.DeleteModelVersionTagResponse> getDeleteModelVersionTagMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteModelVersionTag",
      requestType = dev.cairn.v1.DeleteModelVersionTagRequest.class,
      responseType = dev.cairn.v1.DeleteModelVersionTagResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DeleteModelVersionTagRequest,
      dev.cairn.v1.DeleteModelVersionTagResponse> getDeleteModelVersionTagMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DeleteModelVersionTagRequest, dev.cairn.v1.DeleteModelVersionTagResponse> getDeleteModelVersionTagMethod;
    if ((getDeleteModelVersionTagMethod = ModelRegistryServiceGrpc.getDeleteModelVersionTagMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getDeleteModelVersionTagMethod = ModelRegistryServiceGrpc.getDeleteModelVersionTagMethod) == null) {
          ModelRegistryServiceGrpc.getDeleteModelVersionTagMethod = getDeleteModelVersionTagMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DeleteModelVersionTagRequest, dev.cairn.v1.DeleteModelVersionTagResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteModelVersionTag"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteModelVersionTagRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteModelVersionTagResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("DeleteModelVersionTag"))
              .build();
        }
      }
    }
    return getDeleteModelVersionTagMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.SetModelAliasRequest,
      dev.cairn.v1.SetModelAliasResponse> getSetModelAliasMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetModelAlias",
      requestType = dev.cairn.v1.SetModelAliasRequest.class,
      responseType = dev.cairn.v1.SetModelAliasResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.SetModelAliasRequest,
      dev.cairn.v1.SetModelAliasResponse> getSetModelAliasMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.SetModelAliasRequest, dev.cairn.v1.SetModelAliasResponse> getSetModelAliasMethod;
    if ((getSetModelAliasMethod = ModelRegistryServiceGrpc.getSetModelAliasMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getSetModelAliasMethod = ModelRegistryServiceGrpc.getSetModelAliasMethod) == null) {
          ModelRegistryServiceGrpc.getSetModelAliasMethod = getSetModelAliasMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.SetModelAliasRequest, dev.cairn.v1.SetModelAliasResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetModelAlias"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetModelAliasRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetModelAliasResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("SetModelAlias"))
              .build();
        }
      }
    }
    return getSetModelAliasMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DeleteModelAliasRequest,
      dev.cairn.v1.DeleteModelAliasResponse> getDeleteModelAliasMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteModelAlias",
      requestType = dev.cairn.v1.DeleteModelAliasRequest.class,
      responseType = dev.cairn.v1.DeleteModelAliasResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DeleteModelAliasRequest,
      dev.cairn.v1.DeleteModelAliasResponse> getDeleteModelAliasMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DeleteModelAliasRequest, dev.cairn.v1.DeleteModelAliasResponse> getDeleteModelAliasMethod;
    if ((getDeleteModelAliasMethod = ModelRegistryServiceGrpc.getDeleteModelAliasMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getDeleteModelAliasMethod = ModelRegistryServiceGrpc.getDeleteModelAliasMethod) == null) {
          ModelRegistryServiceGrpc.getDeleteModelAliasMethod = getDeleteModelAliasMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DeleteModelAliasRequest, dev.cairn.v1.DeleteModelAliasResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteModelAlias"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteModelAliasRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteModelAliasResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("DeleteModelAlias"))
              .build();
        }
      }
    }
    return getDeleteModelAliasMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetModelVersionByAliasRequest,
      dev.cairn.v1.GetModelVersionByAliasResponse> getGetModelVersionByAliasMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetModelVersionByAlias",
      requestType = dev.cairn.v1.GetModelVersionByAliasRequest.class,
      responseType = dev.cairn.v1.GetModelVersionByAliasResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetModelVersionByAliasRequest,
      dev.cairn.v1.GetModelVersionByAliasResponse> getGetModelVersionByAliasMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetModelVersionByAliasRequest, dev.cairn.v1.GetModelVersionByAliasResponse> getGetModelVersionByAliasMethod;
    if ((getGetModelVersionByAliasMethod = ModelRegistryServiceGrpc.getGetModelVersionByAliasMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getGetModelVersionByAliasMethod = ModelRegistryServiceGrpc.getGetModelVersionByAliasMethod) == null) {
          ModelRegistryServiceGrpc.getGetModelVersionByAliasMethod = getGetModelVersionByAliasMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetModelVersionByAliasRequest, dev.cairn.v1.GetModelVersionByAliasResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetModelVersionByAlias"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetModelVersionByAliasRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetModelVersionByAliasResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("GetModelVersionByAlias"))
              .build();
        }
      }
    }
    return getGetModelVersionByAliasMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.TransitionModelVersionStageRequest,
      dev.cairn.v1.TransitionModelVersionStageResponse> getTransitionModelVersionStageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "TransitionModelVersionStage",
      requestType = dev.cairn.v1.TransitionModelVersionStageRequest.class,
      responseType = dev.cairn.v1.TransitionModelVersionStageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.TransitionModelVersionStageRequest,
      dev.cairn.v1.TransitionModelVersionStageResponse> getTransitionModelVersionStageMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.TransitionModelVersionStageRequest, dev.cairn.v1.TransitionModelVersionStageResponse> getTransitionModelVersionStageMethod;
    if ((getTransitionModelVersionStageMethod = ModelRegistryServiceGrpc.getTransitionModelVersionStageMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getTransitionModelVersionStageMethod = ModelRegistryServiceGrpc.getTransitionModelVersionStageMethod) == null) {
          ModelRegistryServiceGrpc.getTransitionModelVersionStageMethod = getTransitionModelVersionStageMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.TransitionModelVersionStageRequest, dev.cairn.v1.TransitionModelVersionStageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "TransitionModelVersionStage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.TransitionModelVersionStageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.TransitionModelVersionStageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("TransitionModelVersionStage"))
              .build();
        }
      }
    }
    return getTransitionModelVersionStageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.RequestStageTransitionRequest,
      dev.cairn.v1.RequestStageTransitionResponse> getRequestStageTransitionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RequestStageTransition",
      requestType = dev.cairn.v1.RequestStageTransitionRequest.class,
      responseType = dev.cairn.v1.RequestStageTransitionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.RequestStageTransitionRequest,
      dev.cairn.v1.RequestStageTransitionResponse> getRequestStageTransitionMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.RequestStageTransitionRequest, dev.cairn.v1.RequestStageTransitionResponse> getRequestStageTransitionMethod;
    if ((getRequestStageTransitionMethod = ModelRegistryServiceGrpc.getRequestStageTransitionMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getRequestStageTransitionMethod = ModelRegistryServiceGrpc.getRequestStageTransitionMethod) == null) {
          ModelRegistryServiceGrpc.getRequestStageTransitionMethod = getRequestStageTransitionMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.RequestStageTransitionRequest, dev.cairn.v1.RequestStageTransitionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RequestStageTransition"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RequestStageTransitionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RequestStageTransitionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("RequestStageTransition"))
              .build();
        }
      }
    }
    return getRequestStageTransitionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ReviewStageTransitionRequest,
      dev.cairn.v1.ReviewStageTransitionResponse> getReviewStageTransitionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReviewStageTransition",
      requestType = dev.cairn.v1.ReviewStageTransitionRequest.class,
      responseType = dev.cairn.v1.ReviewStageTransitionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ReviewStageTransitionRequest,
      dev.cairn.v1.ReviewStageTransitionResponse> getReviewStageTransitionMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ReviewStageTransitionRequest, dev.cairn.v1.ReviewStageTransitionResponse> getReviewStageTransitionMethod;
    if ((getReviewStageTransitionMethod = ModelRegistryServiceGrpc.getReviewStageTransitionMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getReviewStageTransitionMethod = ModelRegistryServiceGrpc.getReviewStageTransitionMethod) == null) {
          ModelRegistryServiceGrpc.getReviewStageTransitionMethod = getReviewStageTransitionMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ReviewStageTransitionRequest, dev.cairn.v1.ReviewStageTransitionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReviewStageTransition"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ReviewStageTransitionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ReviewStageTransitionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("ReviewStageTransition"))
              .build();
        }
      }
    }
    return getReviewStageTransitionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ListStageTransitionsRequest,
      dev.cairn.v1.ListStageTransitionsResponse> getListStageTransitionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListStageTransitions",
      requestType = dev.cairn.v1.ListStageTransitionsRequest.class,
      responseType = dev.cairn.v1.ListStageTransitionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ListStageTransitionsRequest,
      dev.cairn.v1.ListStageTransitionsResponse> getListStageTransitionsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ListStageTransitionsRequest, dev.cairn.v1.ListStageTransitionsResponse> getListStageTransitionsMethod;
    if ((getListStageTransitionsMethod = ModelRegistryServiceGrpc.getListStageTransitionsMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getListStageTransitionsMethod = ModelRegistryServiceGrpc.getListStageTransitionsMethod) == null) {
          ModelRegistryServiceGrpc.getListStageTransitionsMethod = getListStageTransitionsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ListStageTransitionsRequest, dev.cairn.v1.ListStageTransitionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListStageTransitions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListStageTransitionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListStageTransitionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("ListStageTransitions"))
              .build();
        }
      }
    }
    return getListStageTransitionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetModelLineageRequest,
      dev.cairn.v1.GetModelLineageResponse> getGetModelLineageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetModelLineage",
      requestType = dev.cairn.v1.GetModelLineageRequest.class,
      responseType = dev.cairn.v1.GetModelLineageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetModelLineageRequest,
      dev.cairn.v1.GetModelLineageResponse> getGetModelLineageMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetModelLineageRequest, dev.cairn.v1.GetModelLineageResponse> getGetModelLineageMethod;
    if ((getGetModelLineageMethod = ModelRegistryServiceGrpc.getGetModelLineageMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getGetModelLineageMethod = ModelRegistryServiceGrpc.getGetModelLineageMethod) == null) {
          ModelRegistryServiceGrpc.getGetModelLineageMethod = getGetModelLineageMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetModelLineageRequest, dev.cairn.v1.GetModelLineageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetModelLineage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetModelLineageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetModelLineageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("GetModelLineage"))
              .build();
        }
      }
    }
    return getGetModelLineageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ListModelVersionsByLineageRequest,
      dev.cairn.v1.ListModelVersionsByLineageResponse> getListModelVersionsByLineageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListModelVersionsByLineage",
      requestType = dev.cairn.v1.ListModelVersionsByLineageRequest.class,
      responseType = dev.cairn.v1.ListModelVersionsByLineageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ListModelVersionsByLineageRequest,
      dev.cairn.v1.ListModelVersionsByLineageResponse> getListModelVersionsByLineageMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ListModelVersionsByLineageRequest, dev.cairn.v1.ListModelVersionsByLineageResponse> getListModelVersionsByLineageMethod;
    if ((getListModelVersionsByLineageMethod = ModelRegistryServiceGrpc.getListModelVersionsByLineageMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getListModelVersionsByLineageMethod = ModelRegistryServiceGrpc.getListModelVersionsByLineageMethod) == null) {
          ModelRegistryServiceGrpc.getListModelVersionsByLineageMethod = getListModelVersionsByLineageMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ListModelVersionsByLineageRequest, dev.cairn.v1.ListModelVersionsByLineageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListModelVersionsByLineage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListModelVersionsByLineageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListModelVersionsByLineageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("ListModelVersionsByLineage"))
              .build();
        }
      }
    }
    return getListModelVersionsByLineageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ListRegistryEventsRequest,
      dev.cairn.v1.ListRegistryEventsResponse> getListRegistryEventsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListRegistryEvents",
      requestType = dev.cairn.v1.ListRegistryEventsRequest.class,
      responseType = dev.cairn.v1.ListRegistryEventsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ListRegistryEventsRequest,
      dev.cairn.v1.ListRegistryEventsResponse> getListRegistryEventsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ListRegistryEventsRequest, dev.cairn.v1.ListRegistryEventsResponse> getListRegistryEventsMethod;
    if ((getListRegistryEventsMethod = ModelRegistryServiceGrpc.getListRegistryEventsMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getListRegistryEventsMethod = ModelRegistryServiceGrpc.getListRegistryEventsMethod) == null) {
          ModelRegistryServiceGrpc.getListRegistryEventsMethod = getListRegistryEventsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ListRegistryEventsRequest, dev.cairn.v1.ListRegistryEventsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListRegistryEvents"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListRegistryEventsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListRegistryEventsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("ListRegistryEvents"))
              .build();
        }
      }
    }
    return getListRegistryEventsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.WatchRegistryEventsRequest,
      dev.cairn.v1.WatchRegistryEventsResponse> getWatchRegistryEventsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchRegistryEvents",
      requestType = dev.cairn.v1.WatchRegistryEventsRequest.class,
      responseType = dev.cairn.v1.WatchRegistryEventsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.WatchRegistryEventsRequest,
      dev.cairn.v1.WatchRegistryEventsResponse> getWatchRegistryEventsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.WatchRegistryEventsRequest, dev.cairn.v1.WatchRegistryEventsResponse> getWatchRegistryEventsMethod;
    if ((getWatchRegistryEventsMethod = ModelRegistryServiceGrpc.getWatchRegistryEventsMethod) == null) {
      synchronized (ModelRegistryServiceGrpc.class) {
        if ((getWatchRegistryEventsMethod = ModelRegistryServiceGrpc.getWatchRegistryEventsMethod) == null) {
          ModelRegistryServiceGrpc.getWatchRegistryEventsMethod = getWatchRegistryEventsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.WatchRegistryEventsRequest, dev.cairn.v1.WatchRegistryEventsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchRegistryEvents"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.WatchRegistryEventsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.WatchRegistryEventsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelRegistryServiceMethodDescriptorSupplier("WatchRegistryEvents"))
              .build();
        }
      }
    }
    return getWatchRegistryEventsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ModelRegistryServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ModelRegistryServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ModelRegistryServiceStub>() {
        @java.lang.Override
        public ModelRegistryServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ModelRegistryServiceStub(channel, callOptions);
        }
      };
    return ModelRegistryServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static ModelRegistryServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ModelRegistryServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ModelRegistryServiceBlockingV2Stub>() {
        @java.lang.Override
        public ModelRegistryServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ModelRegistryServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return ModelRegistryServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ModelRegistryServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ModelRegistryServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ModelRegistryServiceBlockingStub>() {
        @java.lang.Override
        public ModelRegistryServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ModelRegistryServiceBlockingStub(channel, callOptions);
        }
      };
    return ModelRegistryServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ModelRegistryServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ModelRegistryServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ModelRegistryServiceFutureStub>() {
        @java.lang.Override
        public ModelRegistryServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ModelRegistryServiceFutureStub(channel, callOptions);
        }
      };
    return ModelRegistryServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * ModelRegistryService manages registered models, their versions, aliases and
   * stages, with an audit trail and a live event stream. The acting user is
   * taken from the `x-cairn-user` request metadata ("anonymous" if absent).
   * List/Search paging follows the TrackingService conventions. Any call fails
   * with UNAVAILABLE when storage cannot be reached.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a model. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT.
     * </pre>
     */
    default void createRegisteredModel(dev.cairn.v1.CreateRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateRegisteredModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Gets a model with its aliases. NOT_FOUND.
     * </pre>
     */
    default void getRegisteredModel(dev.cairn.v1.GetRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetRegisteredModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Searches models by filter, e.g. "name LIKE 'fraud-%' AND tags.team = 'risk'".
     * </pre>
     */
    default void searchRegisteredModels(dev.cairn.v1.SearchRegisteredModelsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SearchRegisteredModelsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSearchRegisteredModelsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Renames a model; versions, aliases and history follow. NOT_FOUND,
     * ALREADY_EXISTS.
     * </pre>
     */
    default void renameRegisteredModel(dev.cairn.v1.RenameRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RenameRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRenameRegisteredModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates "description" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    default void updateRegisteredModel(dev.cairn.v1.UpdateRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateRegisteredModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a model with all its versions and aliases. NOT_FOUND.
     * </pre>
     */
    default void deleteRegisteredModel(dev.cairn.v1.DeleteRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteRegisteredModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sets a tag on a model. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    default void setRegisteredModelTag(dev.cairn.v1.SetRegisteredModelTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetRegisteredModelTagResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetRegisteredModelTagMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a model tag. NOT_FOUND if the model or tag is missing.
     * </pre>
     */
    default void deleteRegisteredModelTag(dev.cairn.v1.DeleteRegisteredModelTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteRegisteredModelTagResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteRegisteredModelTagMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates the next version of a model from a run's artifact path (lineage
     * to the run) or an external URI. Numbers are assigned atomically.
     * NOT_FOUND for an unknown model or run; INVALID_ARGUMENT for a bad source.
     * </pre>
     */
    default void createModelVersion(dev.cairn.v1.CreateModelVersionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateModelVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateModelVersionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Gets one version. NOT_FOUND.
     * </pre>
     */
    default void getModelVersion(dev.cairn.v1.GetModelVersionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetModelVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetModelVersionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Searches versions, e.g. "name = 'fraud' AND stage = 'Production'".
     * </pre>
     */
    default void searchModelVersions(dev.cairn.v1.SearchModelVersionsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SearchModelVersionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSearchModelVersionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates "description", "status", "status_message", "metadata_json",
     * "digest" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    default void updateModelVersion(dev.cairn.v1.UpdateModelVersionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateModelVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateModelVersionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a version and any aliases pointing at it. NOT_FOUND.
     * </pre>
     */
    default void deleteModelVersion(dev.cairn.v1.DeleteModelVersionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteModelVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteModelVersionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sets a tag on a version. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    default void setModelVersionTag(dev.cairn.v1.SetModelVersionTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetModelVersionTagResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetModelVersionTagMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a version tag. NOT_FOUND if the version or tag is missing.
     * </pre>
     */
    default void deleteModelVersionTag(dev.cairn.v1.DeleteModelVersionTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteModelVersionTagResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteModelVersionTagMethod(), responseObserver);
    }

    /**
     * <pre>
     * Points an alias at a version, moving it atomically if it exists.
     * NOT_FOUND for an unknown version; INVALID_ARGUMENT for a bad alias
     * (aliases look like "champion"; "latest" and "v&lt;number&gt;" are reserved).
     * </pre>
     */
    default void setModelAlias(dev.cairn.v1.SetModelAliasRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetModelAliasResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetModelAliasMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes an alias. NOT_FOUND if the model or alias is missing.
     * </pre>
     */
    default void deleteModelAlias(dev.cairn.v1.DeleteModelAliasRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteModelAliasResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteModelAliasMethod(), responseObserver);
    }

    /**
     * <pre>
     * Resolves an alias to its version. NOT_FOUND.
     * </pre>
     */
    default void getModelVersionByAlias(dev.cairn.v1.GetModelVersionByAliasRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetModelVersionByAliasResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetModelVersionByAliasMethod(), responseObserver);
    }

    /**
     * <pre>
     * Moves a version to a stage directly. INVALID_ARGUMENT for a stage not
     * configured on the server; FAILED_PRECONDITION when the server requires
     * approval for that stage (use RequestStageTransition).
     * </pre>
     */
    default void transitionModelVersionStage(dev.cairn.v1.TransitionModelVersionStageRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.TransitionModelVersionStageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getTransitionModelVersionStageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Opens a transition request awaiting review. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    default void requestStageTransition(dev.cairn.v1.RequestStageTransitionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RequestStageTransitionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRequestStageTransitionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Approves (applying the stage) or rejects a pending request. NOT_FOUND;
     * FAILED_PRECONDITION if it was already reviewed.
     * </pre>
     */
    default void reviewStageTransition(dev.cairn.v1.ReviewStageTransitionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ReviewStageTransitionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReviewStageTransitionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists transition requests of a model (optionally one version or status).
     * </pre>
     */
    default void listStageTransitions(dev.cairn.v1.ListStageTransitionsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListStageTransitionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListStageTransitionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns a version's lineage: run, parent runs and datasets. NOT_FOUND.
     * </pre>
     */
    default void getModelLineage(dev.cairn.v1.GetModelLineageRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetModelLineageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetModelLineageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists versions built from a run or from a dataset digest.
     * </pre>
     */
    default void listModelVersionsByLineage(dev.cairn.v1.ListModelVersionsByLineageRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListModelVersionsByLineageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListModelVersionsByLineageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the audit trail, oldest first, optionally filtered.
     * </pre>
     */
    default void listRegistryEvents(dev.cairn.v1.ListRegistryEventsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListRegistryEventsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListRegistryEventsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams registry events after `after_event_id` (0 = from the start,
     * -1 = only new events), then live ones as they happen, in event_id order
     * without gaps or repeats. Reconnect with the last event_id seen to resume.
     * </pre>
     */
    default void watchRegistryEvents(dev.cairn.v1.WatchRegistryEventsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.WatchRegistryEventsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchRegistryEventsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service ModelRegistryService.
   * <pre>
   * ModelRegistryService manages registered models, their versions, aliases and
   * stages, with an audit trail and a live event stream. The acting user is
   * taken from the `x-cairn-user` request metadata ("anonymous" if absent).
   * List/Search paging follows the TrackingService conventions. Any call fails
   * with UNAVAILABLE when storage cannot be reached.
   * </pre>
   */
  public static abstract class ModelRegistryServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return ModelRegistryServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service ModelRegistryService.
   * <pre>
   * ModelRegistryService manages registered models, their versions, aliases and
   * stages, with an audit trail and a live event stream. The acting user is
   * taken from the `x-cairn-user` request metadata ("anonymous" if absent).
   * List/Search paging follows the TrackingService conventions. Any call fails
   * with UNAVAILABLE when storage cannot be reached.
   * </pre>
   */
  public static final class ModelRegistryServiceStub
      extends io.grpc.stub.AbstractAsyncStub<ModelRegistryServiceStub> {
    private ModelRegistryServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ModelRegistryServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ModelRegistryServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a model. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT.
     * </pre>
     */
    public void createRegisteredModel(dev.cairn.v1.CreateRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateRegisteredModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Gets a model with its aliases. NOT_FOUND.
     * </pre>
     */
    public void getRegisteredModel(dev.cairn.v1.GetRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetRegisteredModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Searches models by filter, e.g. "name LIKE 'fraud-%' AND tags.team = 'risk'".
     * </pre>
     */
    public void searchRegisteredModels(dev.cairn.v1.SearchRegisteredModelsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SearchRegisteredModelsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSearchRegisteredModelsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Renames a model; versions, aliases and history follow. NOT_FOUND,
     * ALREADY_EXISTS.
     * </pre>
     */
    public void renameRegisteredModel(dev.cairn.v1.RenameRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RenameRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRenameRegisteredModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates "description" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public void updateRegisteredModel(dev.cairn.v1.UpdateRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateRegisteredModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a model with all its versions and aliases. NOT_FOUND.
     * </pre>
     */
    public void deleteRegisteredModel(dev.cairn.v1.DeleteRegisteredModelRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteRegisteredModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteRegisteredModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sets a tag on a model. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public void setRegisteredModelTag(dev.cairn.v1.SetRegisteredModelTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetRegisteredModelTagResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetRegisteredModelTagMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a model tag. NOT_FOUND if the model or tag is missing.
     * </pre>
     */
    public void deleteRegisteredModelTag(dev.cairn.v1.DeleteRegisteredModelTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteRegisteredModelTagResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteRegisteredModelTagMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates the next version of a model from a run's artifact path (lineage
     * to the run) or an external URI. Numbers are assigned atomically.
     * NOT_FOUND for an unknown model or run; INVALID_ARGUMENT for a bad source.
     * </pre>
     */
    public void createModelVersion(dev.cairn.v1.CreateModelVersionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateModelVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateModelVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Gets one version. NOT_FOUND.
     * </pre>
     */
    public void getModelVersion(dev.cairn.v1.GetModelVersionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetModelVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetModelVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Searches versions, e.g. "name = 'fraud' AND stage = 'Production'".
     * </pre>
     */
    public void searchModelVersions(dev.cairn.v1.SearchModelVersionsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SearchModelVersionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSearchModelVersionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates "description", "status", "status_message", "metadata_json",
     * "digest" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public void updateModelVersion(dev.cairn.v1.UpdateModelVersionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateModelVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateModelVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a version and any aliases pointing at it. NOT_FOUND.
     * </pre>
     */
    public void deleteModelVersion(dev.cairn.v1.DeleteModelVersionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteModelVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteModelVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sets a tag on a version. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public void setModelVersionTag(dev.cairn.v1.SetModelVersionTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetModelVersionTagResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetModelVersionTagMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a version tag. NOT_FOUND if the version or tag is missing.
     * </pre>
     */
    public void deleteModelVersionTag(dev.cairn.v1.DeleteModelVersionTagRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteModelVersionTagResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteModelVersionTagMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Points an alias at a version, moving it atomically if it exists.
     * NOT_FOUND for an unknown version; INVALID_ARGUMENT for a bad alias
     * (aliases look like "champion"; "latest" and "v&lt;number&gt;" are reserved).
     * </pre>
     */
    public void setModelAlias(dev.cairn.v1.SetModelAliasRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetModelAliasResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetModelAliasMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes an alias. NOT_FOUND if the model or alias is missing.
     * </pre>
     */
    public void deleteModelAlias(dev.cairn.v1.DeleteModelAliasRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteModelAliasResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteModelAliasMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Resolves an alias to its version. NOT_FOUND.
     * </pre>
     */
    public void getModelVersionByAlias(dev.cairn.v1.GetModelVersionByAliasRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetModelVersionByAliasResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetModelVersionByAliasMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Moves a version to a stage directly. INVALID_ARGUMENT for a stage not
     * configured on the server; FAILED_PRECONDITION when the server requires
     * approval for that stage (use RequestStageTransition).
     * </pre>
     */
    public void transitionModelVersionStage(dev.cairn.v1.TransitionModelVersionStageRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.TransitionModelVersionStageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getTransitionModelVersionStageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Opens a transition request awaiting review. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public void requestStageTransition(dev.cairn.v1.RequestStageTransitionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RequestStageTransitionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRequestStageTransitionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Approves (applying the stage) or rejects a pending request. NOT_FOUND;
     * FAILED_PRECONDITION if it was already reviewed.
     * </pre>
     */
    public void reviewStageTransition(dev.cairn.v1.ReviewStageTransitionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ReviewStageTransitionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReviewStageTransitionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists transition requests of a model (optionally one version or status).
     * </pre>
     */
    public void listStageTransitions(dev.cairn.v1.ListStageTransitionsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListStageTransitionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListStageTransitionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns a version's lineage: run, parent runs and datasets. NOT_FOUND.
     * </pre>
     */
    public void getModelLineage(dev.cairn.v1.GetModelLineageRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetModelLineageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetModelLineageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists versions built from a run or from a dataset digest.
     * </pre>
     */
    public void listModelVersionsByLineage(dev.cairn.v1.ListModelVersionsByLineageRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListModelVersionsByLineageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListModelVersionsByLineageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the audit trail, oldest first, optionally filtered.
     * </pre>
     */
    public void listRegistryEvents(dev.cairn.v1.ListRegistryEventsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListRegistryEventsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListRegistryEventsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams registry events after `after_event_id` (0 = from the start,
     * -1 = only new events), then live ones as they happen, in event_id order
     * without gaps or repeats. Reconnect with the last event_id seen to resume.
     * </pre>
     */
    public void watchRegistryEvents(dev.cairn.v1.WatchRegistryEventsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.WatchRegistryEventsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchRegistryEventsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service ModelRegistryService.
   * <pre>
   * ModelRegistryService manages registered models, their versions, aliases and
   * stages, with an audit trail and a live event stream. The acting user is
   * taken from the `x-cairn-user` request metadata ("anonymous" if absent).
   * List/Search paging follows the TrackingService conventions. Any call fails
   * with UNAVAILABLE when storage cannot be reached.
   * </pre>
   */
  public static final class ModelRegistryServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<ModelRegistryServiceBlockingV2Stub> {
    private ModelRegistryServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ModelRegistryServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ModelRegistryServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a model. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.CreateRegisteredModelResponse createRegisteredModel(dev.cairn.v1.CreateRegisteredModelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets a model with its aliases. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetRegisteredModelResponse getRegisteredModel(dev.cairn.v1.GetRegisteredModelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Searches models by filter, e.g. "name LIKE 'fraud-%' AND tags.team = 'risk'".
     * </pre>
     */
    public dev.cairn.v1.SearchRegisteredModelsResponse searchRegisteredModels(dev.cairn.v1.SearchRegisteredModelsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSearchRegisteredModelsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Renames a model; versions, aliases and history follow. NOT_FOUND,
     * ALREADY_EXISTS.
     * </pre>
     */
    public dev.cairn.v1.RenameRegisteredModelResponse renameRegisteredModel(dev.cairn.v1.RenameRegisteredModelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRenameRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates "description" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.UpdateRegisteredModelResponse updateRegisteredModel(dev.cairn.v1.UpdateRegisteredModelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a model with all its versions and aliases. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.DeleteRegisteredModelResponse deleteRegisteredModel(dev.cairn.v1.DeleteRegisteredModelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets a tag on a model. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.SetRegisteredModelTagResponse setRegisteredModelTag(dev.cairn.v1.SetRegisteredModelTagRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetRegisteredModelTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a model tag. NOT_FOUND if the model or tag is missing.
     * </pre>
     */
    public dev.cairn.v1.DeleteRegisteredModelTagResponse deleteRegisteredModelTag(dev.cairn.v1.DeleteRegisteredModelTagRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteRegisteredModelTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates the next version of a model from a run's artifact path (lineage
     * to the run) or an external URI. Numbers are assigned atomically.
     * NOT_FOUND for an unknown model or run; INVALID_ARGUMENT for a bad source.
     * </pre>
     */
    public dev.cairn.v1.CreateModelVersionResponse createModelVersion(dev.cairn.v1.CreateModelVersionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateModelVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets one version. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetModelVersionResponse getModelVersion(dev.cairn.v1.GetModelVersionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetModelVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Searches versions, e.g. "name = 'fraud' AND stage = 'Production'".
     * </pre>
     */
    public dev.cairn.v1.SearchModelVersionsResponse searchModelVersions(dev.cairn.v1.SearchModelVersionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSearchModelVersionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates "description", "status", "status_message", "metadata_json",
     * "digest" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.UpdateModelVersionResponse updateModelVersion(dev.cairn.v1.UpdateModelVersionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateModelVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a version and any aliases pointing at it. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.DeleteModelVersionResponse deleteModelVersion(dev.cairn.v1.DeleteModelVersionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteModelVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets a tag on a version. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.SetModelVersionTagResponse setModelVersionTag(dev.cairn.v1.SetModelVersionTagRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetModelVersionTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a version tag. NOT_FOUND if the version or tag is missing.
     * </pre>
     */
    public dev.cairn.v1.DeleteModelVersionTagResponse deleteModelVersionTag(dev.cairn.v1.DeleteModelVersionTagRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteModelVersionTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Points an alias at a version, moving it atomically if it exists.
     * NOT_FOUND for an unknown version; INVALID_ARGUMENT for a bad alias
     * (aliases look like "champion"; "latest" and "v&lt;number&gt;" are reserved).
     * </pre>
     */
    public dev.cairn.v1.SetModelAliasResponse setModelAlias(dev.cairn.v1.SetModelAliasRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetModelAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes an alias. NOT_FOUND if the model or alias is missing.
     * </pre>
     */
    public dev.cairn.v1.DeleteModelAliasResponse deleteModelAlias(dev.cairn.v1.DeleteModelAliasRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteModelAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Resolves an alias to its version. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetModelVersionByAliasResponse getModelVersionByAlias(dev.cairn.v1.GetModelVersionByAliasRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetModelVersionByAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Moves a version to a stage directly. INVALID_ARGUMENT for a stage not
     * configured on the server; FAILED_PRECONDITION when the server requires
     * approval for that stage (use RequestStageTransition).
     * </pre>
     */
    public dev.cairn.v1.TransitionModelVersionStageResponse transitionModelVersionStage(dev.cairn.v1.TransitionModelVersionStageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getTransitionModelVersionStageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Opens a transition request awaiting review. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.RequestStageTransitionResponse requestStageTransition(dev.cairn.v1.RequestStageTransitionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRequestStageTransitionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Approves (applying the stage) or rejects a pending request. NOT_FOUND;
     * FAILED_PRECONDITION if it was already reviewed.
     * </pre>
     */
    public dev.cairn.v1.ReviewStageTransitionResponse reviewStageTransition(dev.cairn.v1.ReviewStageTransitionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getReviewStageTransitionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists transition requests of a model (optionally one version or status).
     * </pre>
     */
    public dev.cairn.v1.ListStageTransitionsResponse listStageTransitions(dev.cairn.v1.ListStageTransitionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListStageTransitionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a version's lineage: run, parent runs and datasets. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetModelLineageResponse getModelLineage(dev.cairn.v1.GetModelLineageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetModelLineageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists versions built from a run or from a dataset digest.
     * </pre>
     */
    public dev.cairn.v1.ListModelVersionsByLineageResponse listModelVersionsByLineage(dev.cairn.v1.ListModelVersionsByLineageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListModelVersionsByLineageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the audit trail, oldest first, optionally filtered.
     * </pre>
     */
    public dev.cairn.v1.ListRegistryEventsResponse listRegistryEvents(dev.cairn.v1.ListRegistryEventsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListRegistryEventsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams registry events after `after_event_id` (0 = from the start,
     * -1 = only new events), then live ones as they happen, in event_id order
     * without gaps or repeats. Reconnect with the last event_id seen to resume.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.cairn.v1.WatchRegistryEventsResponse>
        watchRegistryEvents(dev.cairn.v1.WatchRegistryEventsRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getWatchRegistryEventsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service ModelRegistryService.
   * <pre>
   * ModelRegistryService manages registered models, their versions, aliases and
   * stages, with an audit trail and a live event stream. The acting user is
   * taken from the `x-cairn-user` request metadata ("anonymous" if absent).
   * List/Search paging follows the TrackingService conventions. Any call fails
   * with UNAVAILABLE when storage cannot be reached.
   * </pre>
   */
  public static final class ModelRegistryServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<ModelRegistryServiceBlockingStub> {
    private ModelRegistryServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ModelRegistryServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ModelRegistryServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a model. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.CreateRegisteredModelResponse createRegisteredModel(dev.cairn.v1.CreateRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets a model with its aliases. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetRegisteredModelResponse getRegisteredModel(dev.cairn.v1.GetRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Searches models by filter, e.g. "name LIKE 'fraud-%' AND tags.team = 'risk'".
     * </pre>
     */
    public dev.cairn.v1.SearchRegisteredModelsResponse searchRegisteredModels(dev.cairn.v1.SearchRegisteredModelsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSearchRegisteredModelsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Renames a model; versions, aliases and history follow. NOT_FOUND,
     * ALREADY_EXISTS.
     * </pre>
     */
    public dev.cairn.v1.RenameRegisteredModelResponse renameRegisteredModel(dev.cairn.v1.RenameRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRenameRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates "description" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.UpdateRegisteredModelResponse updateRegisteredModel(dev.cairn.v1.UpdateRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a model with all its versions and aliases. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.DeleteRegisteredModelResponse deleteRegisteredModel(dev.cairn.v1.DeleteRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteRegisteredModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets a tag on a model. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.SetRegisteredModelTagResponse setRegisteredModelTag(dev.cairn.v1.SetRegisteredModelTagRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetRegisteredModelTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a model tag. NOT_FOUND if the model or tag is missing.
     * </pre>
     */
    public dev.cairn.v1.DeleteRegisteredModelTagResponse deleteRegisteredModelTag(dev.cairn.v1.DeleteRegisteredModelTagRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteRegisteredModelTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates the next version of a model from a run's artifact path (lineage
     * to the run) or an external URI. Numbers are assigned atomically.
     * NOT_FOUND for an unknown model or run; INVALID_ARGUMENT for a bad source.
     * </pre>
     */
    public dev.cairn.v1.CreateModelVersionResponse createModelVersion(dev.cairn.v1.CreateModelVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateModelVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gets one version. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetModelVersionResponse getModelVersion(dev.cairn.v1.GetModelVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetModelVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Searches versions, e.g. "name = 'fraud' AND stage = 'Production'".
     * </pre>
     */
    public dev.cairn.v1.SearchModelVersionsResponse searchModelVersions(dev.cairn.v1.SearchModelVersionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSearchModelVersionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates "description", "status", "status_message", "metadata_json",
     * "digest" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.UpdateModelVersionResponse updateModelVersion(dev.cairn.v1.UpdateModelVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateModelVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a version and any aliases pointing at it. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.DeleteModelVersionResponse deleteModelVersion(dev.cairn.v1.DeleteModelVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteModelVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets a tag on a version. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.SetModelVersionTagResponse setModelVersionTag(dev.cairn.v1.SetModelVersionTagRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetModelVersionTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a version tag. NOT_FOUND if the version or tag is missing.
     * </pre>
     */
    public dev.cairn.v1.DeleteModelVersionTagResponse deleteModelVersionTag(dev.cairn.v1.DeleteModelVersionTagRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteModelVersionTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Points an alias at a version, moving it atomically if it exists.
     * NOT_FOUND for an unknown version; INVALID_ARGUMENT for a bad alias
     * (aliases look like "champion"; "latest" and "v&lt;number&gt;" are reserved).
     * </pre>
     */
    public dev.cairn.v1.SetModelAliasResponse setModelAlias(dev.cairn.v1.SetModelAliasRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetModelAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes an alias. NOT_FOUND if the model or alias is missing.
     * </pre>
     */
    public dev.cairn.v1.DeleteModelAliasResponse deleteModelAlias(dev.cairn.v1.DeleteModelAliasRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteModelAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Resolves an alias to its version. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetModelVersionByAliasResponse getModelVersionByAlias(dev.cairn.v1.GetModelVersionByAliasRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetModelVersionByAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Moves a version to a stage directly. INVALID_ARGUMENT for a stage not
     * configured on the server; FAILED_PRECONDITION when the server requires
     * approval for that stage (use RequestStageTransition).
     * </pre>
     */
    public dev.cairn.v1.TransitionModelVersionStageResponse transitionModelVersionStage(dev.cairn.v1.TransitionModelVersionStageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getTransitionModelVersionStageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Opens a transition request awaiting review. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public dev.cairn.v1.RequestStageTransitionResponse requestStageTransition(dev.cairn.v1.RequestStageTransitionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRequestStageTransitionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Approves (applying the stage) or rejects a pending request. NOT_FOUND;
     * FAILED_PRECONDITION if it was already reviewed.
     * </pre>
     */
    public dev.cairn.v1.ReviewStageTransitionResponse reviewStageTransition(dev.cairn.v1.ReviewStageTransitionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReviewStageTransitionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists transition requests of a model (optionally one version or status).
     * </pre>
     */
    public dev.cairn.v1.ListStageTransitionsResponse listStageTransitions(dev.cairn.v1.ListStageTransitionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListStageTransitionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a version's lineage: run, parent runs and datasets. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetModelLineageResponse getModelLineage(dev.cairn.v1.GetModelLineageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetModelLineageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists versions built from a run or from a dataset digest.
     * </pre>
     */
    public dev.cairn.v1.ListModelVersionsByLineageResponse listModelVersionsByLineage(dev.cairn.v1.ListModelVersionsByLineageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListModelVersionsByLineageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the audit trail, oldest first, optionally filtered.
     * </pre>
     */
    public dev.cairn.v1.ListRegistryEventsResponse listRegistryEvents(dev.cairn.v1.ListRegistryEventsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListRegistryEventsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams registry events after `after_event_id` (0 = from the start,
     * -1 = only new events), then live ones as they happen, in event_id order
     * without gaps or repeats. Reconnect with the last event_id seen to resume.
     * </pre>
     */
    public java.util.Iterator<dev.cairn.v1.WatchRegistryEventsResponse> watchRegistryEvents(
        dev.cairn.v1.WatchRegistryEventsRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchRegistryEventsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service ModelRegistryService.
   * <pre>
   * ModelRegistryService manages registered models, their versions, aliases and
   * stages, with an audit trail and a live event stream. The acting user is
   * taken from the `x-cairn-user` request metadata ("anonymous" if absent).
   * List/Search paging follows the TrackingService conventions. Any call fails
   * with UNAVAILABLE when storage cannot be reached.
   * </pre>
   */
  public static final class ModelRegistryServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<ModelRegistryServiceFutureStub> {
    private ModelRegistryServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ModelRegistryServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ModelRegistryServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a model. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.CreateRegisteredModelResponse> createRegisteredModel(
        dev.cairn.v1.CreateRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateRegisteredModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Gets a model with its aliases. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetRegisteredModelResponse> getRegisteredModel(
        dev.cairn.v1.GetRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetRegisteredModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Searches models by filter, e.g. "name LIKE 'fraud-%' AND tags.team = 'risk'".
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.SearchRegisteredModelsResponse> searchRegisteredModels(
        dev.cairn.v1.SearchRegisteredModelsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSearchRegisteredModelsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Renames a model; versions, aliases and history follow. NOT_FOUND,
     * ALREADY_EXISTS.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.RenameRegisteredModelResponse> renameRegisteredModel(
        dev.cairn.v1.RenameRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRenameRegisteredModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates "description" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.UpdateRegisteredModelResponse> updateRegisteredModel(
        dev.cairn.v1.UpdateRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateRegisteredModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a model with all its versions and aliases. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.DeleteRegisteredModelResponse> deleteRegisteredModel(
        dev.cairn.v1.DeleteRegisteredModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteRegisteredModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sets a tag on a model. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.SetRegisteredModelTagResponse> setRegisteredModelTag(
        dev.cairn.v1.SetRegisteredModelTagRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetRegisteredModelTagMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a model tag. NOT_FOUND if the model or tag is missing.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.DeleteRegisteredModelTagResponse> deleteRegisteredModelTag(
        dev.cairn.v1.DeleteRegisteredModelTagRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteRegisteredModelTagMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates the next version of a model from a run's artifact path (lineage
     * to the run) or an external URI. Numbers are assigned atomically.
     * NOT_FOUND for an unknown model or run; INVALID_ARGUMENT for a bad source.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.CreateModelVersionResponse> createModelVersion(
        dev.cairn.v1.CreateModelVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateModelVersionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Gets one version. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetModelVersionResponse> getModelVersion(
        dev.cairn.v1.GetModelVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetModelVersionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Searches versions, e.g. "name = 'fraud' AND stage = 'Production'".
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.SearchModelVersionsResponse> searchModelVersions(
        dev.cairn.v1.SearchModelVersionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSearchModelVersionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates "description", "status", "status_message", "metadata_json",
     * "digest" per `update_mask`. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.UpdateModelVersionResponse> updateModelVersion(
        dev.cairn.v1.UpdateModelVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateModelVersionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a version and any aliases pointing at it. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.DeleteModelVersionResponse> deleteModelVersion(
        dev.cairn.v1.DeleteModelVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteModelVersionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sets a tag on a version. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.SetModelVersionTagResponse> setModelVersionTag(
        dev.cairn.v1.SetModelVersionTagRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetModelVersionTagMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a version tag. NOT_FOUND if the version or tag is missing.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.DeleteModelVersionTagResponse> deleteModelVersionTag(
        dev.cairn.v1.DeleteModelVersionTagRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteModelVersionTagMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Points an alias at a version, moving it atomically if it exists.
     * NOT_FOUND for an unknown version; INVALID_ARGUMENT for a bad alias
     * (aliases look like "champion"; "latest" and "v&lt;number&gt;" are reserved).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.SetModelAliasResponse> setModelAlias(
        dev.cairn.v1.SetModelAliasRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetModelAliasMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes an alias. NOT_FOUND if the model or alias is missing.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.DeleteModelAliasResponse> deleteModelAlias(
        dev.cairn.v1.DeleteModelAliasRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteModelAliasMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Resolves an alias to its version. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetModelVersionByAliasResponse> getModelVersionByAlias(
        dev.cairn.v1.GetModelVersionByAliasRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetModelVersionByAliasMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Moves a version to a stage directly. INVALID_ARGUMENT for a stage not
     * configured on the server; FAILED_PRECONDITION when the server requires
     * approval for that stage (use RequestStageTransition).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.TransitionModelVersionStageResponse> transitionModelVersionStage(
        dev.cairn.v1.TransitionModelVersionStageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getTransitionModelVersionStageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Opens a transition request awaiting review. NOT_FOUND, INVALID_ARGUMENT.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.RequestStageTransitionResponse> requestStageTransition(
        dev.cairn.v1.RequestStageTransitionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRequestStageTransitionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Approves (applying the stage) or rejects a pending request. NOT_FOUND;
     * FAILED_PRECONDITION if it was already reviewed.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ReviewStageTransitionResponse> reviewStageTransition(
        dev.cairn.v1.ReviewStageTransitionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReviewStageTransitionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists transition requests of a model (optionally one version or status).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ListStageTransitionsResponse> listStageTransitions(
        dev.cairn.v1.ListStageTransitionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListStageTransitionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns a version's lineage: run, parent runs and datasets. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetModelLineageResponse> getModelLineage(
        dev.cairn.v1.GetModelLineageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetModelLineageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists versions built from a run or from a dataset digest.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ListModelVersionsByLineageResponse> listModelVersionsByLineage(
        dev.cairn.v1.ListModelVersionsByLineageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListModelVersionsByLineageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the audit trail, oldest first, optionally filtered.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ListRegistryEventsResponse> listRegistryEvents(
        dev.cairn.v1.ListRegistryEventsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListRegistryEventsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_REGISTERED_MODEL = 0;
  private static final int METHODID_GET_REGISTERED_MODEL = 1;
  private static final int METHODID_SEARCH_REGISTERED_MODELS = 2;
  private static final int METHODID_RENAME_REGISTERED_MODEL = 3;
  private static final int METHODID_UPDATE_REGISTERED_MODEL = 4;
  private static final int METHODID_DELETE_REGISTERED_MODEL = 5;
  private static final int METHODID_SET_REGISTERED_MODEL_TAG = 6;
  private static final int METHODID_DELETE_REGISTERED_MODEL_TAG = 7;
  private static final int METHODID_CREATE_MODEL_VERSION = 8;
  private static final int METHODID_GET_MODEL_VERSION = 9;
  private static final int METHODID_SEARCH_MODEL_VERSIONS = 10;
  private static final int METHODID_UPDATE_MODEL_VERSION = 11;
  private static final int METHODID_DELETE_MODEL_VERSION = 12;
  private static final int METHODID_SET_MODEL_VERSION_TAG = 13;
  private static final int METHODID_DELETE_MODEL_VERSION_TAG = 14;
  private static final int METHODID_SET_MODEL_ALIAS = 15;
  private static final int METHODID_DELETE_MODEL_ALIAS = 16;
  private static final int METHODID_GET_MODEL_VERSION_BY_ALIAS = 17;
  private static final int METHODID_TRANSITION_MODEL_VERSION_STAGE = 18;
  private static final int METHODID_REQUEST_STAGE_TRANSITION = 19;
  private static final int METHODID_REVIEW_STAGE_TRANSITION = 20;
  private static final int METHODID_LIST_STAGE_TRANSITIONS = 21;
  private static final int METHODID_GET_MODEL_LINEAGE = 22;
  private static final int METHODID_LIST_MODEL_VERSIONS_BY_LINEAGE = 23;
  private static final int METHODID_LIST_REGISTRY_EVENTS = 24;
  private static final int METHODID_WATCH_REGISTRY_EVENTS = 25;

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
        case METHODID_CREATE_REGISTERED_MODEL:
          serviceImpl.createRegisteredModel((dev.cairn.v1.CreateRegisteredModelRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.CreateRegisteredModelResponse>) responseObserver);
          break;
        case METHODID_GET_REGISTERED_MODEL:
          serviceImpl.getRegisteredModel((dev.cairn.v1.GetRegisteredModelRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetRegisteredModelResponse>) responseObserver);
          break;
        case METHODID_SEARCH_REGISTERED_MODELS:
          serviceImpl.searchRegisteredModels((dev.cairn.v1.SearchRegisteredModelsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.SearchRegisteredModelsResponse>) responseObserver);
          break;
        case METHODID_RENAME_REGISTERED_MODEL:
          serviceImpl.renameRegisteredModel((dev.cairn.v1.RenameRegisteredModelRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.RenameRegisteredModelResponse>) responseObserver);
          break;
        case METHODID_UPDATE_REGISTERED_MODEL:
          serviceImpl.updateRegisteredModel((dev.cairn.v1.UpdateRegisteredModelRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateRegisteredModelResponse>) responseObserver);
          break;
        case METHODID_DELETE_REGISTERED_MODEL:
          serviceImpl.deleteRegisteredModel((dev.cairn.v1.DeleteRegisteredModelRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteRegisteredModelResponse>) responseObserver);
          break;
        case METHODID_SET_REGISTERED_MODEL_TAG:
          serviceImpl.setRegisteredModelTag((dev.cairn.v1.SetRegisteredModelTagRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.SetRegisteredModelTagResponse>) responseObserver);
          break;
        case METHODID_DELETE_REGISTERED_MODEL_TAG:
          serviceImpl.deleteRegisteredModelTag((dev.cairn.v1.DeleteRegisteredModelTagRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteRegisteredModelTagResponse>) responseObserver);
          break;
        case METHODID_CREATE_MODEL_VERSION:
          serviceImpl.createModelVersion((dev.cairn.v1.CreateModelVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.CreateModelVersionResponse>) responseObserver);
          break;
        case METHODID_GET_MODEL_VERSION:
          serviceImpl.getModelVersion((dev.cairn.v1.GetModelVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetModelVersionResponse>) responseObserver);
          break;
        case METHODID_SEARCH_MODEL_VERSIONS:
          serviceImpl.searchModelVersions((dev.cairn.v1.SearchModelVersionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.SearchModelVersionsResponse>) responseObserver);
          break;
        case METHODID_UPDATE_MODEL_VERSION:
          serviceImpl.updateModelVersion((dev.cairn.v1.UpdateModelVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateModelVersionResponse>) responseObserver);
          break;
        case METHODID_DELETE_MODEL_VERSION:
          serviceImpl.deleteModelVersion((dev.cairn.v1.DeleteModelVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteModelVersionResponse>) responseObserver);
          break;
        case METHODID_SET_MODEL_VERSION_TAG:
          serviceImpl.setModelVersionTag((dev.cairn.v1.SetModelVersionTagRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.SetModelVersionTagResponse>) responseObserver);
          break;
        case METHODID_DELETE_MODEL_VERSION_TAG:
          serviceImpl.deleteModelVersionTag((dev.cairn.v1.DeleteModelVersionTagRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteModelVersionTagResponse>) responseObserver);
          break;
        case METHODID_SET_MODEL_ALIAS:
          serviceImpl.setModelAlias((dev.cairn.v1.SetModelAliasRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.SetModelAliasResponse>) responseObserver);
          break;
        case METHODID_DELETE_MODEL_ALIAS:
          serviceImpl.deleteModelAlias((dev.cairn.v1.DeleteModelAliasRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteModelAliasResponse>) responseObserver);
          break;
        case METHODID_GET_MODEL_VERSION_BY_ALIAS:
          serviceImpl.getModelVersionByAlias((dev.cairn.v1.GetModelVersionByAliasRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetModelVersionByAliasResponse>) responseObserver);
          break;
        case METHODID_TRANSITION_MODEL_VERSION_STAGE:
          serviceImpl.transitionModelVersionStage((dev.cairn.v1.TransitionModelVersionStageRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.TransitionModelVersionStageResponse>) responseObserver);
          break;
        case METHODID_REQUEST_STAGE_TRANSITION:
          serviceImpl.requestStageTransition((dev.cairn.v1.RequestStageTransitionRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.RequestStageTransitionResponse>) responseObserver);
          break;
        case METHODID_REVIEW_STAGE_TRANSITION:
          serviceImpl.reviewStageTransition((dev.cairn.v1.ReviewStageTransitionRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ReviewStageTransitionResponse>) responseObserver);
          break;
        case METHODID_LIST_STAGE_TRANSITIONS:
          serviceImpl.listStageTransitions((dev.cairn.v1.ListStageTransitionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ListStageTransitionsResponse>) responseObserver);
          break;
        case METHODID_GET_MODEL_LINEAGE:
          serviceImpl.getModelLineage((dev.cairn.v1.GetModelLineageRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetModelLineageResponse>) responseObserver);
          break;
        case METHODID_LIST_MODEL_VERSIONS_BY_LINEAGE:
          serviceImpl.listModelVersionsByLineage((dev.cairn.v1.ListModelVersionsByLineageRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ListModelVersionsByLineageResponse>) responseObserver);
          break;
        case METHODID_LIST_REGISTRY_EVENTS:
          serviceImpl.listRegistryEvents((dev.cairn.v1.ListRegistryEventsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ListRegistryEventsResponse>) responseObserver);
          break;
        case METHODID_WATCH_REGISTRY_EVENTS:
          serviceImpl.watchRegistryEvents((dev.cairn.v1.WatchRegistryEventsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.WatchRegistryEventsResponse>) responseObserver);
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
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getCreateRegisteredModelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.CreateRegisteredModelRequest,
              dev.cairn.v1.CreateRegisteredModelResponse>(
                service, METHODID_CREATE_REGISTERED_MODEL)))
        .addMethod(
          getGetRegisteredModelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetRegisteredModelRequest,
              dev.cairn.v1.GetRegisteredModelResponse>(
                service, METHODID_GET_REGISTERED_MODEL)))
        .addMethod(
          getSearchRegisteredModelsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.SearchRegisteredModelsRequest,
              dev.cairn.v1.SearchRegisteredModelsResponse>(
                service, METHODID_SEARCH_REGISTERED_MODELS)))
        .addMethod(
          getRenameRegisteredModelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.RenameRegisteredModelRequest,
              dev.cairn.v1.RenameRegisteredModelResponse>(
                service, METHODID_RENAME_REGISTERED_MODEL)))
        .addMethod(
          getUpdateRegisteredModelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.UpdateRegisteredModelRequest,
              dev.cairn.v1.UpdateRegisteredModelResponse>(
                service, METHODID_UPDATE_REGISTERED_MODEL)))
        .addMethod(
          getDeleteRegisteredModelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.DeleteRegisteredModelRequest,
              dev.cairn.v1.DeleteRegisteredModelResponse>(
                service, METHODID_DELETE_REGISTERED_MODEL)))
        .addMethod(
          getSetRegisteredModelTagMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.SetRegisteredModelTagRequest,
              dev.cairn.v1.SetRegisteredModelTagResponse>(
                service, METHODID_SET_REGISTERED_MODEL_TAG)))
        .addMethod(
          getDeleteRegisteredModelTagMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.DeleteRegisteredModelTagRequest,
              dev.cairn.v1.DeleteRegisteredModelTagResponse>(
                service, METHODID_DELETE_REGISTERED_MODEL_TAG)))
        .addMethod(
          getCreateModelVersionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.CreateModelVersionRequest,
              dev.cairn.v1.CreateModelVersionResponse>(
                service, METHODID_CREATE_MODEL_VERSION)))
        .addMethod(
          getGetModelVersionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetModelVersionRequest,
              dev.cairn.v1.GetModelVersionResponse>(
                service, METHODID_GET_MODEL_VERSION)))
        .addMethod(
          getSearchModelVersionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.SearchModelVersionsRequest,
              dev.cairn.v1.SearchModelVersionsResponse>(
                service, METHODID_SEARCH_MODEL_VERSIONS)))
        .addMethod(
          getUpdateModelVersionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.UpdateModelVersionRequest,
              dev.cairn.v1.UpdateModelVersionResponse>(
                service, METHODID_UPDATE_MODEL_VERSION)))
        .addMethod(
          getDeleteModelVersionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.DeleteModelVersionRequest,
              dev.cairn.v1.DeleteModelVersionResponse>(
                service, METHODID_DELETE_MODEL_VERSION)))
        .addMethod(
          getSetModelVersionTagMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.SetModelVersionTagRequest,
              dev.cairn.v1.SetModelVersionTagResponse>(
                service, METHODID_SET_MODEL_VERSION_TAG)))
        .addMethod(
          getDeleteModelVersionTagMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.DeleteModelVersionTagRequest,
              dev.cairn.v1.DeleteModelVersionTagResponse>(
                service, METHODID_DELETE_MODEL_VERSION_TAG)))
        .addMethod(
          getSetModelAliasMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.SetModelAliasRequest,
              dev.cairn.v1.SetModelAliasResponse>(
                service, METHODID_SET_MODEL_ALIAS)))
        .addMethod(
          getDeleteModelAliasMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.DeleteModelAliasRequest,
              dev.cairn.v1.DeleteModelAliasResponse>(
                service, METHODID_DELETE_MODEL_ALIAS)))
        .addMethod(
          getGetModelVersionByAliasMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetModelVersionByAliasRequest,
              dev.cairn.v1.GetModelVersionByAliasResponse>(
                service, METHODID_GET_MODEL_VERSION_BY_ALIAS)))
        .addMethod(
          getTransitionModelVersionStageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.TransitionModelVersionStageRequest,
              dev.cairn.v1.TransitionModelVersionStageResponse>(
                service, METHODID_TRANSITION_MODEL_VERSION_STAGE)))
        .addMethod(
          getRequestStageTransitionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.RequestStageTransitionRequest,
              dev.cairn.v1.RequestStageTransitionResponse>(
                service, METHODID_REQUEST_STAGE_TRANSITION)))
        .addMethod(
          getReviewStageTransitionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ReviewStageTransitionRequest,
              dev.cairn.v1.ReviewStageTransitionResponse>(
                service, METHODID_REVIEW_STAGE_TRANSITION)))
        .addMethod(
          getListStageTransitionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ListStageTransitionsRequest,
              dev.cairn.v1.ListStageTransitionsResponse>(
                service, METHODID_LIST_STAGE_TRANSITIONS)))
        .addMethod(
          getGetModelLineageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetModelLineageRequest,
              dev.cairn.v1.GetModelLineageResponse>(
                service, METHODID_GET_MODEL_LINEAGE)))
        .addMethod(
          getListModelVersionsByLineageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ListModelVersionsByLineageRequest,
              dev.cairn.v1.ListModelVersionsByLineageResponse>(
                service, METHODID_LIST_MODEL_VERSIONS_BY_LINEAGE)))
        .addMethod(
          getListRegistryEventsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ListRegistryEventsRequest,
              dev.cairn.v1.ListRegistryEventsResponse>(
                service, METHODID_LIST_REGISTRY_EVENTS)))
        .addMethod(
          getWatchRegistryEventsMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.cairn.v1.WatchRegistryEventsRequest,
              dev.cairn.v1.WatchRegistryEventsResponse>(
                service, METHODID_WATCH_REGISTRY_EVENTS)))
        .build();
  }

  private static abstract class ModelRegistryServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ModelRegistryServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.cairn.v1.ModelRegistryServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ModelRegistryService");
    }
  }

  private static final class ModelRegistryServiceFileDescriptorSupplier
      extends ModelRegistryServiceBaseDescriptorSupplier {
    ModelRegistryServiceFileDescriptorSupplier() {}
  }

  private static final class ModelRegistryServiceMethodDescriptorSupplier
      extends ModelRegistryServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    ModelRegistryServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (ModelRegistryServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ModelRegistryServiceFileDescriptorSupplier())
              .addMethod(getCreateRegisteredModelMethod())
              .addMethod(getGetRegisteredModelMethod())
              .addMethod(getSearchRegisteredModelsMethod())
              .addMethod(getRenameRegisteredModelMethod())
              .addMethod(getUpdateRegisteredModelMethod())
              .addMethod(getDeleteRegisteredModelMethod())
              .addMethod(getSetRegisteredModelTagMethod())
              .addMethod(getDeleteRegisteredModelTagMethod())
              .addMethod(getCreateModelVersionMethod())
              .addMethod(getGetModelVersionMethod())
              .addMethod(getSearchModelVersionsMethod())
              .addMethod(getUpdateModelVersionMethod())
              .addMethod(getDeleteModelVersionMethod())
              .addMethod(getSetModelVersionTagMethod())
              .addMethod(getDeleteModelVersionTagMethod())
              .addMethod(getSetModelAliasMethod())
              .addMethod(getDeleteModelAliasMethod())
              .addMethod(getGetModelVersionByAliasMethod())
              .addMethod(getTransitionModelVersionStageMethod())
              .addMethod(getRequestStageTransitionMethod())
              .addMethod(getReviewStageTransitionMethod())
              .addMethod(getListStageTransitionsMethod())
              .addMethod(getGetModelLineageMethod())
              .addMethod(getListModelVersionsByLineageMethod())
              .addMethod(getListRegistryEventsMethod())
              .addMethod(getWatchRegistryEventsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
