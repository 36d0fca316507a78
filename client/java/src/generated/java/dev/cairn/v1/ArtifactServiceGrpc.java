package dev.cairn.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * ArtifactService stores files under runs, streamed through the server or,
 * where the object store supports it, via presigned URLs. Paths are relative,
 * "/"-separated, validated and never used raw: `..`, absolute paths,
 * backslashes, percent-encoding, NUL, control characters and names over 1024
 * bytes fail with INVALID_ARGUMENT. Any call fails with UNAVAILABLE when
 * the object store cannot be reached.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class ArtifactServiceGrpc {

  private ArtifactServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "cairn.v1.ArtifactService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.StartUploadRequest,
      dev.cairn.v1.StartUploadResponse> getStartUploadMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "StartUpload",
      requestType = dev.cairn.v1.StartUploadRequest.class,
      responseType = dev.cairn.v1.StartUploadResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.StartUploadRequest,
      dev.cairn.v1.StartUploadResponse> getStartUploadMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.StartUploadRequest, dev.cairn.v1.StartUploadResponse> getStartUploadMethod;
    if ((getStartUploadMethod = ArtifactServiceGrpc.getStartUploadMethod) == null) {
      synchronized (ArtifactServiceGrpc.class) {
        if ((getStartUploadMethod = ArtifactServiceGrpc.getStartUploadMethod) == null) {
          ArtifactServiceGrpc.getStartUploadMethod = getStartUploadMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.StartUploadRequest, dev.cairn.v1.StartUploadResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "StartUpload"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.StartUploadRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.StartUploadResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ArtifactServiceMethodDescriptorSupplier("StartUpload"))
              .build();
        }
      }
    }
    return getStartUploadMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.UploadArtifactRequest,
      dev.cairn.v1.UploadArtifactResponse> getUploadArtifactMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UploadArtifact",
      requestType = dev.cairn.v1.UploadArtifactRequest.class,
      responseType = dev.cairn.v1.UploadArtifactResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.UploadArtifactRequest,
      dev.cairn.v1.UploadArtifactResponse> getUploadArtifactMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.UploadArtifactRequest, dev.cairn.v1.UploadArtifactResponse> getUploadArtifactMethod;
    if ((getUploadArtifactMethod = ArtifactServiceGrpc.getUploadArtifactMethod) == null) {
      synchronized (ArtifactServiceGrpc.class) {
        if ((getUploadArtifactMethod = ArtifactServiceGrpc.getUploadArtifactMethod) == null) {
          ArtifactServiceGrpc.getUploadArtifactMethod = getUploadArtifactMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.UploadArtifactRequest, dev.cairn.v1.UploadArtifactResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UploadArtifact"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UploadArtifactRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UploadArtifactResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ArtifactServiceMethodDescriptorSupplier("UploadArtifact"))
              .build();
        }
      }
    }
    return getUploadArtifactMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetUploadRequest,
      dev.cairn.v1.GetUploadResponse> getGetUploadMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetUpload",
      requestType = dev.cairn.v1.GetUploadRequest.class,
      responseType = dev.cairn.v1.GetUploadResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetUploadRequest,
      dev.cairn.v1.GetUploadResponse> getGetUploadMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetUploadRequest, dev.cairn.v1.GetUploadResponse> getGetUploadMethod;
    if ((getGetUploadMethod = ArtifactServiceGrpc.getGetUploadMethod) == null) {
      synchronized (ArtifactServiceGrpc.class) {
        if ((getGetUploadMethod = ArtifactServiceGrpc.getGetUploadMethod) == null) {
          ArtifactServiceGrpc.getGetUploadMethod = getGetUploadMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetUploadRequest, dev.cairn.v1.GetUploadResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetUpload"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetUploadRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetUploadResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ArtifactServiceMethodDescriptorSupplier("GetUpload"))
              .build();
        }
      }
    }
    return getGetUploadMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.AbortUploadRequest,
      dev.cairn.v1.AbortUploadResponse> getAbortUploadMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AbortUpload",
      requestType = dev.cairn.v1.AbortUploadRequest.class,
      responseType = dev.cairn.v1.AbortUploadResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.AbortUploadRequest,
      dev.cairn.v1.AbortUploadResponse> getAbortUploadMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.AbortUploadRequest, dev.cairn.v1.AbortUploadResponse> getAbortUploadMethod;
    if ((getAbortUploadMethod = ArtifactServiceGrpc.getAbortUploadMethod) == null) {
      synchronized (ArtifactServiceGrpc.class) {
        if ((getAbortUploadMethod = ArtifactServiceGrpc.getAbortUploadMethod) == null) {
          ArtifactServiceGrpc.getAbortUploadMethod = getAbortUploadMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.AbortUploadRequest, dev.cairn.v1.AbortUploadResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AbortUpload"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.AbortUploadRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.AbortUploadResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ArtifactServiceMethodDescriptorSupplier("AbortUpload"))
              .build();
        }
      }
    }
    return getAbortUploadMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DownloadArtifactRequest,
      dev.cairn.v1.DownloadArtifactResponse> getDownloadArtifactMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DownloadArtifact",
      requestType = dev.cairn.v1.DownloadArtifactRequest.class,
      responseType = dev.cairn.v1.DownloadArtifactResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DownloadArtifactRequest,
      dev.cairn.v1.DownloadArtifactResponse> getDownloadArtifactMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DownloadArtifactRequest, dev.cairn.v1.DownloadArtifactResponse> getDownloadArtifactMethod;
    if ((getDownloadArtifactMethod = ArtifactServiceGrpc.getDownloadArtifactMethod) == null) {
      synchronized (ArtifactServiceGrpc.class) {
        if ((getDownloadArtifactMethod = ArtifactServiceGrpc.getDownloadArtifactMethod) == null) {
          ArtifactServiceGrpc.getDownloadArtifactMethod = getDownloadArtifactMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DownloadArtifactRequest, dev.cairn.v1.DownloadArtifactResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DownloadArtifact"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DownloadArtifactRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DownloadArtifactResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ArtifactServiceMethodDescriptorSupplier("DownloadArtifact"))
              .build();
        }
      }
    }
    return getDownloadArtifactMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ListArtifactsRequest,
      dev.cairn.v1.ListArtifactsResponse> getListArtifactsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListArtifacts",
      requestType = dev.cairn.v1.ListArtifactsRequest.class,
      responseType = dev.cairn.v1.ListArtifactsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ListArtifactsRequest,
      dev.cairn.v1.ListArtifactsResponse> getListArtifactsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ListArtifactsRequest, dev.cairn.v1.ListArtifactsResponse> getListArtifactsMethod;
    if ((getListArtifactsMethod = ArtifactServiceGrpc.getListArtifactsMethod) == null) {
      synchronized (ArtifactServiceGrpc.class) {
        if ((getListArtifactsMethod = ArtifactServiceGrpc.getListArtifactsMethod) == null) {
          ArtifactServiceGrpc.getListArtifactsMethod = getListArtifactsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ListArtifactsRequest, dev.cairn.v1.ListArtifactsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListArtifacts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListArtifactsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListArtifactsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ArtifactServiceMethodDescriptorSupplier("ListArtifacts"))
              .build();
        }
      }
    }
    return getListArtifactsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.DeleteArtifactRequest,
      dev.cairn.v1.DeleteArtifactResponse> getDeleteArtifactMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteArtifact",
      requestType = dev.cairn.v1.DeleteArtifactRequest.class,
      responseType = dev.cairn.v1.DeleteArtifactResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.DeleteArtifactRequest,
      dev.cairn.v1.DeleteArtifactResponse> getDeleteArtifactMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.DeleteArtifactRequest, dev.cairn.v1.DeleteArtifactResponse> getDeleteArtifactMethod;
    if ((getDeleteArtifactMethod = ArtifactServiceGrpc.getDeleteArtifactMethod) == null) {
      synchronized (ArtifactServiceGrpc.class) {
        if ((getDeleteArtifactMethod = ArtifactServiceGrpc.getDeleteArtifactMethod) == null) {
          ArtifactServiceGrpc.getDeleteArtifactMethod = getDeleteArtifactMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.DeleteArtifactRequest, dev.cairn.v1.DeleteArtifactResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteArtifact"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteArtifactRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.DeleteArtifactResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ArtifactServiceMethodDescriptorSupplier("DeleteArtifact"))
              .build();
        }
      }
    }
    return getDeleteArtifactMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.CreatePresignedUrlRequest,
      dev.cairn.v1.CreatePresignedUrlResponse> getCreatePresignedUrlMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreatePresignedUrl",
      requestType = dev.cairn.v1.CreatePresignedUrlRequest.class,
      responseType = dev.cairn.v1.CreatePresignedUrlResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.CreatePresignedUrlRequest,
      dev.cairn.v1.CreatePresignedUrlResponse> getCreatePresignedUrlMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.CreatePresignedUrlRequest, dev.cairn.v1.CreatePresignedUrlResponse> getCreatePresignedUrlMethod;
    if ((getCreatePresignedUrlMethod = ArtifactServiceGrpc.getCreatePresignedUrlMethod) == null) {
      synchronized (ArtifactServiceGrpc.class) {
        if ((getCreatePresignedUrlMethod = ArtifactServiceGrpc.getCreatePresignedUrlMethod) == null) {
          ArtifactServiceGrpc.getCreatePresignedUrlMethod = getCreatePresignedUrlMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.CreatePresignedUrlRequest, dev.cairn.v1.CreatePresignedUrlResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreatePresignedUrl"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreatePresignedUrlRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreatePresignedUrlResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ArtifactServiceMethodDescriptorSupplier("CreatePresignedUrl"))
              .build();
        }
      }
    }
    return getCreatePresignedUrlMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ArtifactServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ArtifactServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ArtifactServiceStub>() {
        @java.lang.Override
        public ArtifactServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ArtifactServiceStub(channel, callOptions);
        }
      };
    return ArtifactServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static ArtifactServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ArtifactServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ArtifactServiceBlockingV2Stub>() {
        @java.lang.Override
        public ArtifactServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ArtifactServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return ArtifactServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ArtifactServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ArtifactServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ArtifactServiceBlockingStub>() {
        @java.lang.Override
        public ArtifactServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ArtifactServiceBlockingStub(channel, callOptions);
        }
      };
    return ArtifactServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ArtifactServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ArtifactServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ArtifactServiceFutureStub>() {
        @java.lang.Override
        public ArtifactServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ArtifactServiceFutureStub(channel, callOptions);
        }
      };
    return ArtifactServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * ArtifactService stores files under runs, streamed through the server or,
   * where the object store supports it, via presigned URLs. Paths are relative,
   * "/"-separated, validated and never used raw: `..`, absolute paths,
   * backslashes, percent-encoding, NUL, control characters and names over 1024
   * bytes fail with INVALID_ARGUMENT. Any call fails with UNAVAILABLE when
   * the object store cannot be reached.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Starts a resumable upload. NOT_FOUND for an unknown run;
     * FAILED_PRECONDITION if the run is deleted; INVALID_ARGUMENT for a bad
     * path, a negative size or a malformed digest.
     * </pre>
     */
    default void startUpload(dev.cairn.v1.StartUploadRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.StartUploadResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getStartUploadMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sends bytes: the first message is a header naming an upload (or starting
     * one), then data messages (each at most 4 MiB). The upload completes when
     * `size_bytes` bytes are committed; the response then carries the
     * artifact. A digest mismatch fails with DATA_LOSS and discards the upload.
     * An offset other than the committed size fails with FAILED_PRECONDITION
     * (reason CONFLICT); more bytes than declared is INVALID_ARGUMENT.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<dev.cairn.v1.UploadArtifactRequest> uploadArtifact(
        io.grpc.stub.StreamObserver<dev.cairn.v1.UploadArtifactResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getUploadArtifactMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reports an upload's committed bytes, so a client can resume. NOT_FOUND.
     * </pre>
     */
    default void getUpload(dev.cairn.v1.GetUploadRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetUploadResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetUploadMethod(), responseObserver);
    }

    /**
     * <pre>
     * Abandons an upload and frees its space. NOT_FOUND.
     * </pre>
     */
    default void abortUpload(dev.cairn.v1.AbortUploadRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.AbortUploadResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAbortUploadMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams a file, or a byte range of it. The first message carries the
     * artifact's metadata. NOT_FOUND; OUT_OF_RANGE for an offset past the end.
     * </pre>
     */
    default void downloadArtifact(dev.cairn.v1.DownloadArtifactRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DownloadArtifactResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDownloadArtifactMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists files and directory prefixes directly under `path` (or the whole
     * tree with `recursive`), in path order. NOT_FOUND for an unknown run.
     * </pre>
     */
    default void listArtifacts(dev.cairn.v1.ListArtifactsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListArtifactsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListArtifactsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a file, or everything under a directory prefix. NOT_FOUND if
     * nothing matches.
     * </pre>
     */
    default void deleteArtifact(dev.cairn.v1.DeleteArtifactRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteArtifactResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteArtifactMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns a short-lived presigned URL for a direct GET or PUT against the
     * object store. UNIMPLEMENTED on the local-folder backend.
     * </pre>
     */
    default void createPresignedUrl(dev.cairn.v1.CreatePresignedUrlRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreatePresignedUrlResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreatePresignedUrlMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service ArtifactService.
   * <pre>
   * ArtifactService stores files under runs, streamed through the server or,
   * where the object store supports it, via presigned URLs. Paths are relative,
   * "/"-separated, validated and never used raw: `..`, absolute paths,
   * backslashes, percent-encoding, NUL, control characters and names over 1024
   * bytes fail with INVALID_ARGUMENT. Any call fails with UNAVAILABLE when
   * the object store cannot be reached.
   * </pre>
   */
  public static abstract class ArtifactServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return ArtifactServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service ArtifactService.
   * <pre>
   * ArtifactService stores files under runs, streamed through the server or,
   * where the object store supports it, via presigned URLs. Paths are relative,
   * "/"-separated, validated and never used raw: `..`, absolute paths,
   * backslashes, percent-encoding, NUL, control characters and names over 1024
   * bytes fail with INVALID_ARGUMENT. Any call fails with UNAVAILABLE when
   * the object store cannot be reached.
   * </pre>
   */
  public static final class ArtifactServiceStub
      extends io.grpc.stub.AbstractAsyncStub<ArtifactServiceStub> {
    private ArtifactServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ArtifactServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ArtifactServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Starts a resumable upload. NOT_FOUND for an unknown run;
     * FAILED_PRECONDITION if the run is deleted; INVALID_ARGUMENT for a bad
     * path, a negative size or a malformed digest.
     * </pre>
     */
    public void startUpload(dev.cairn.v1.StartUploadRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.StartUploadResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getStartUploadMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sends bytes: the first message is a header naming an upload (or starting
     * one), then data messages (each at most 4 MiB). The upload completes when
     * `size_bytes` bytes are committed; the response then carries the
     * artifact. A digest mismatch fails with DATA_LOSS and discards the upload.
     * An offset other than the committed size fails with FAILED_PRECONDITION
     * (reason CONFLICT); more bytes than declared is INVALID_ARGUMENT.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<dev.cairn.v1.UploadArtifactRequest> uploadArtifact(
        io.grpc.stub.StreamObserver<dev.cairn.v1.UploadArtifactResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getUploadArtifactMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Reports an upload's committed bytes, so a client can resume. NOT_FOUND.
     * </pre>
     */
    public void getUpload(dev.cairn.v1.GetUploadRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetUploadResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetUploadMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Abandons an upload and frees its space. NOT_FOUND.
     * </pre>
     */
    public void abortUpload(dev.cairn.v1.AbortUploadRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.AbortUploadResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAbortUploadMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams a file, or a byte range of it. The first message carries the
     * artifact's metadata. NOT_FOUND; OUT_OF_RANGE for an offset past the end.
     * </pre>
     */
    public void downloadArtifact(dev.cairn.v1.DownloadArtifactRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DownloadArtifactResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getDownloadArtifactMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists files and directory prefixes directly under `path` (or the whole
     * tree with `recursive`), in path order. NOT_FOUND for an unknown run.
     * </pre>
     */
    public void listArtifacts(dev.cairn.v1.ListArtifactsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListArtifactsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListArtifactsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a file, or everything under a directory prefix. NOT_FOUND if
     * nothing matches.
     * </pre>
     */
    public void deleteArtifact(dev.cairn.v1.DeleteArtifactRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteArtifactResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteArtifactMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns a short-lived presigned URL for a direct GET or PUT against the
     * object store. UNIMPLEMENTED on the local-folder backend.
     * </pre>
     */
    public void createPresignedUrl(dev.cairn.v1.CreatePresignedUrlRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreatePresignedUrlResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreatePresignedUrlMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service ArtifactService.
   * <pre>
   * ArtifactService stores files under runs, streamed through the server or,
   * where the object store supports it, via presigned URLs. Paths are relative,
   * "/"-separated, validated and never used raw: `..`, absolute paths,
   * backslashes, percent-encoding, NUL, control characters and names over 1024
   * bytes fail with INVALID_ARGUMENT. Any call fails with UNAVAILABLE when
   * the object store cannot be reached.
   * </pre>
   */
  public static final class ArtifactServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<ArtifactServiceBlockingV2Stub> {
    private ArtifactServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ArtifactServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ArtifactServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Starts a resumable upload. NOT_FOUND for an unknown run;
     * FAILED_PRECONDITION if the run is deleted; INVALID_ARGUMENT for a bad
     * path, a negative size or a malformed digest.
     * </pre>
     */
    public dev.cairn.v1.StartUploadResponse startUpload(dev.cairn.v1.StartUploadRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getStartUploadMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sends bytes: the first message is a header naming an upload (or starting
     * one), then data messages (each at most 4 MiB). The upload completes when
     * `size_bytes` bytes are committed; the response then carries the
     * artifact. A digest mismatch fails with DATA_LOSS and discards the upload.
     * An offset other than the committed size fails with FAILED_PRECONDITION
     * (reason CONFLICT); more bytes than declared is INVALID_ARGUMENT.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<dev.cairn.v1.UploadArtifactRequest, dev.cairn.v1.UploadArtifactResponse>
        uploadArtifact() {
      return io.grpc.stub.ClientCalls.blockingClientStreamingCall(
          getChannel(), getUploadArtifactMethod(), getCallOptions());
    }

    /**
     * <pre>
     * Reports an upload's committed bytes, so a client can resume. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetUploadResponse getUpload(dev.cairn.v1.GetUploadRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetUploadMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Abandons an upload and frees its space. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.AbortUploadResponse abortUpload(dev.cairn.v1.AbortUploadRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAbortUploadMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams a file, or a byte range of it. The first message carries the
     * artifact's metadata. NOT_FOUND; OUT_OF_RANGE for an offset past the end.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.cairn.v1.DownloadArtifactResponse>
        downloadArtifact(dev.cairn.v1.DownloadArtifactRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getDownloadArtifactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists files and directory prefixes directly under `path` (or the whole
     * tree with `recursive`), in path order. NOT_FOUND for an unknown run.
     * </pre>
     */
    public dev.cairn.v1.ListArtifactsResponse listArtifacts(dev.cairn.v1.ListArtifactsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListArtifactsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a file, or everything under a directory prefix. NOT_FOUND if
     * nothing matches.
     * </pre>
     */
    public dev.cairn.v1.DeleteArtifactResponse deleteArtifact(dev.cairn.v1.DeleteArtifactRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteArtifactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a short-lived presigned URL for a direct GET or PUT against the
     * object store. UNIMPLEMENTED on the local-folder backend.
     * </pre>
     */
    public dev.cairn.v1.CreatePresignedUrlResponse createPresignedUrl(dev.cairn.v1.CreatePresignedUrlRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreatePresignedUrlMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service ArtifactService.
   * <pre>
   * ArtifactService stores files under runs, streamed through the server or,
   * where the object store supports it, via presigned URLs. Paths are relative,
   * "/"-separated, validated and never used raw: `..`, absolute paths,
   * backslashes, percent-encoding, NUL, control characters and names over 1024
   * bytes fail with INVALID_ARGUMENT. Any call fails with UNAVAILABLE when
   * the object store cannot be reached.
   * </pre>
   */
  public static final class ArtifactServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<ArtifactServiceBlockingStub> {
    private ArtifactServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ArtifactServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ArtifactServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Starts a resumable upload. NOT_FOUND for an unknown run;
     * FAILED_PRECONDITION if the run is deleted; INVALID_ARGUMENT for a bad
     * path, a negative size or a malformed digest.
     * </pre>
     */
    public dev.cairn.v1.StartUploadResponse startUpload(dev.cairn.v1.StartUploadRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getStartUploadMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reports an upload's committed bytes, so a client can resume. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.GetUploadResponse getUpload(dev.cairn.v1.GetUploadRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetUploadMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Abandons an upload and frees its space. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.AbortUploadResponse abortUpload(dev.cairn.v1.AbortUploadRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAbortUploadMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams a file, or a byte range of it. The first message carries the
     * artifact's metadata. NOT_FOUND; OUT_OF_RANGE for an offset past the end.
     * </pre>
     */
    public java.util.Iterator<dev.cairn.v1.DownloadArtifactResponse> downloadArtifact(
        dev.cairn.v1.DownloadArtifactRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getDownloadArtifactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists files and directory prefixes directly under `path` (or the whole
     * tree with `recursive`), in path order. NOT_FOUND for an unknown run.
     * </pre>
     */
    public dev.cairn.v1.ListArtifactsResponse listArtifacts(dev.cairn.v1.ListArtifactsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListArtifactsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a file, or everything under a directory prefix. NOT_FOUND if
     * nothing matches.
     * </pre>
     */
    public dev.cairn.v1.DeleteArtifactResponse deleteArtifact(dev.cairn.v1.DeleteArtifactRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteArtifactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a short-lived presigned URL for a direct GET or PUT against the
     * object store. UNIMPLEMENTED on the local-folder backend.
     * </pre>
     */
    public dev.cairn.v1.CreatePresignedUrlResponse createPresignedUrl(dev.cairn.v1.CreatePresignedUrlRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreatePresignedUrlMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service ArtifactService.
   * <pre>
   * ArtifactService stores files under runs, streamed through the server or,
   * where the object store supports it, via presigned URLs. Paths are relative,
   * "/"-separated, validated and never used raw: `..`, absolute paths,
   * backslashes, percent-encoding, NUL, control characters and names over 1024
   * bytes fail with INVALID_ARGUMENT. Any call fails with UNAVAILABLE when
   * the object store cannot be reached.
   * </pre>
   */
  public static final class ArtifactServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<ArtifactServiceFutureStub> {
    private ArtifactServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ArtifactServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ArtifactServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Starts a resumable upload. NOT_FOUND for an unknown run;
     * FAILED_PRECONDITION if the run is deleted; INVALID_ARGUMENT for a bad
     * path, a negative size or a malformed digest.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.StartUploadResponse> startUpload(
        dev.cairn.v1.StartUploadRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getStartUploadMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reports an upload's committed bytes, so a client can resume. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetUploadResponse> getUpload(
        dev.cairn.v1.GetUploadRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetUploadMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Abandons an upload and frees its space. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.AbortUploadResponse> abortUpload(
        dev.cairn.v1.AbortUploadRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAbortUploadMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists files and directory prefixes directly under `path` (or the whole
     * tree with `recursive`), in path order. NOT_FOUND for an unknown run.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ListArtifactsResponse> listArtifacts(
        dev.cairn.v1.ListArtifactsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListArtifactsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a file, or everything under a directory prefix. NOT_FOUND if
     * nothing matches.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.DeleteArtifactResponse> deleteArtifact(
        dev.cairn.v1.DeleteArtifactRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteArtifactMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns a short-lived presigned URL for a direct GET or PUT against the
     * object store. UNIMPLEMENTED on the local-folder backend.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.CreatePresignedUrlResponse> createPresignedUrl(
        dev.cairn.v1.CreatePresignedUrlRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreatePresignedUrlMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_START_UPLOAD = 0;
  private static final int METHODID_GET_UPLOAD = 1;
  private static final int METHODID_ABORT_UPLOAD = 2;
  private static final int METHODID_DOWNLOAD_ARTIFACT = 3;
  private static final int METHODID_LIST_ARTIFACTS = 4;
  private static final int METHODID_DELETE_ARTIFACT = 5;
  private static final int METHODID_CREATE_PRESIGNED_URL = 6;
  private static final int METHODID_UPLOAD_ARTIFACT = 7;

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
        case METHODID_START_UPLOAD:
          serviceImpl.startUpload((dev.cairn.v1.StartUploadRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.StartUploadResponse>) responseObserver);
          break;
        case METHODID_GET_UPLOAD:
          serviceImpl.getUpload((dev.cairn.v1.GetUploadRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetUploadResponse>) responseObserver);
          break;
        case METHODID_ABORT_UPLOAD:
          serviceImpl.abortUpload((dev.cairn.v1.AbortUploadRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.AbortUploadResponse>) responseObserver);
          break;
        case METHODID_DOWNLOAD_ARTIFACT:
          serviceImpl.downloadArtifact((dev.cairn.v1.DownloadArtifactRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DownloadArtifactResponse>) responseObserver);
          break;
        case METHODID_LIST_ARTIFACTS:
          serviceImpl.listArtifacts((dev.cairn.v1.ListArtifactsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ListArtifactsResponse>) responseObserver);
          break;
        case METHODID_DELETE_ARTIFACT:
          serviceImpl.deleteArtifact((dev.cairn.v1.DeleteArtifactRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.DeleteArtifactResponse>) responseObserver);
          break;
        case METHODID_CREATE_PRESIGNED_URL:
          serviceImpl.createPresignedUrl((dev.cairn.v1.CreatePresignedUrlRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.CreatePresignedUrlResponse>) responseObserver);
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
        case METHODID_UPLOAD_ARTIFACT:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.uploadArtifact(
              (io.grpc.stub.StreamObserver<dev.cairn.v1.UploadArtifactResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getStartUploadMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.StartUploadRequest,
              dev.cairn.v1.StartUploadResponse>(
                service, METHODID_START_UPLOAD)))
        .addMethod(
          getUploadArtifactMethod(),
          io.grpc.stub.ServerCalls.asyncClientStreamingCall(
            new MethodHandlers<
              dev.cairn.v1.UploadArtifactRequest,
              dev.cairn.v1.UploadArtifactResponse>(
                service, METHODID_UPLOAD_ARTIFACT)))
        .addMethod(
          getGetUploadMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetUploadRequest,
              dev.cairn.v1.GetUploadResponse>(
                service, METHODID_GET_UPLOAD)))
        .addMethod(
          getAbortUploadMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.AbortUploadRequest,
              dev.cairn.v1.AbortUploadResponse>(
                service, METHODID_ABORT_UPLOAD)))
        .addMethod(
          getDownloadArtifactMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.cairn.v1.DownloadArtifactRequest,
              dev.cairn.v1.DownloadArtifactResponse>(
                service, METHODID_DOWNLOAD_ARTIFACT)))
        .addMethod(
          getListArtifactsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ListArtifactsRequest,
              dev.cairn.v1.ListArtifactsResponse>(
                service, METHODID_LIST_ARTIFACTS)))
        .addMethod(
          getDeleteArtifactMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.DeleteArtifactRequest,
              dev.cairn.v1.DeleteArtifactResponse>(
                service, METHODID_DELETE_ARTIFACT)))
        .addMethod(
          getCreatePresignedUrlMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.CreatePresignedUrlRequest,
              dev.cairn.v1.CreatePresignedUrlResponse>(
                service, METHODID_CREATE_PRESIGNED_URL)))
        .build();
  }

  private static abstract class ArtifactServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ArtifactServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.cairn.v1.ArtifactServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ArtifactService");
    }
  }

  private static final class ArtifactServiceFileDescriptorSupplier
      extends ArtifactServiceBaseDescriptorSupplier {
    ArtifactServiceFileDescriptorSupplier() {}
  }

  private static final class ArtifactServiceMethodDescriptorSupplier
      extends ArtifactServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    ArtifactServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (ArtifactServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ArtifactServiceFileDescriptorSupplier())
              .addMethod(getStartUploadMethod())
              .addMethod(getUploadArtifactMethod())
              .addMethod(getGetUploadMethod())
              .addMethod(getAbortUploadMethod())
              .addMethod(getDownloadArtifactMethod())
              .addMethod(getListArtifactsMethod())
              .addMethod(getDeleteArtifactMethod())
              .addMethod(getCreatePresignedUrlMethod())
              .build();
        }
      }
    }
    return result;
  }
}
