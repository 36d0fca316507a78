package dev.cairn.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * AccessService manages users, API tokens and permissions. Calls carry a token as
 * `authorization: Bearer cairn_&lt;id&gt;_&lt;secret&gt;` metadata; every call of every
 * service fails with UNAUTHENTICATED when the token is missing (unless the
 * server allows anonymous access), malformed, unknown, expired or revoked.
 * A resource the caller may not read answers NOT_FOUND exactly as a missing
 * one does; one it may read but not change answers PERMISSION_DENIED.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AccessServiceGrpc {

  private AccessServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "cairn.v1.AccessService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.GetCurrentUserRequest,
      dev.cairn.v1.GetCurrentUserResponse> getGetCurrentUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetCurrentUser",
      requestType = dev.cairn.v1.GetCurrentUserRequest.class,
      responseType = dev.cairn.v1.GetCurrentUserResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.GetCurrentUserRequest,
      dev.cairn.v1.GetCurrentUserResponse> getGetCurrentUserMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.GetCurrentUserRequest, dev.cairn.v1.GetCurrentUserResponse> getGetCurrentUserMethod;
    if ((getGetCurrentUserMethod = AccessServiceGrpc.getGetCurrentUserMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getGetCurrentUserMethod = AccessServiceGrpc.getGetCurrentUserMethod) == null) {
          AccessServiceGrpc.getGetCurrentUserMethod = getGetCurrentUserMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.GetCurrentUserRequest, dev.cairn.v1.GetCurrentUserResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetCurrentUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetCurrentUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.GetCurrentUserResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("GetCurrentUser"))
              .build();
        }
      }
    }
    return getGetCurrentUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.CreateUserRequest,
      dev.cairn.v1.CreateUserResponse> getCreateUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateUser",
      requestType = dev.cairn.v1.CreateUserRequest.class,
      responseType = dev.cairn.v1.CreateUserResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.CreateUserRequest,
      dev.cairn.v1.CreateUserResponse> getCreateUserMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.CreateUserRequest, dev.cairn.v1.CreateUserResponse> getCreateUserMethod;
    if ((getCreateUserMethod = AccessServiceGrpc.getCreateUserMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getCreateUserMethod = AccessServiceGrpc.getCreateUserMethod) == null) {
          AccessServiceGrpc.getCreateUserMethod = getCreateUserMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.CreateUserRequest, dev.cairn.v1.CreateUserResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateUserResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("CreateUser"))
              .build();
        }
      }
    }
    return getCreateUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ListUsersRequest,
      dev.cairn.v1.ListUsersResponse> getListUsersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListUsers",
      requestType = dev.cairn.v1.ListUsersRequest.class,
      responseType = dev.cairn.v1.ListUsersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ListUsersRequest,
      dev.cairn.v1.ListUsersResponse> getListUsersMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ListUsersRequest, dev.cairn.v1.ListUsersResponse> getListUsersMethod;
    if ((getListUsersMethod = AccessServiceGrpc.getListUsersMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getListUsersMethod = AccessServiceGrpc.getListUsersMethod) == null) {
          AccessServiceGrpc.getListUsersMethod = getListUsersMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ListUsersRequest, dev.cairn.v1.ListUsersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListUsers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListUsersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListUsersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("ListUsers"))
              .build();
        }
      }
    }
    return getListUsersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.UpdateUserRequest,
      dev.cairn.v1.UpdateUserResponse> getUpdateUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateUser",
      requestType = dev.cairn.v1.UpdateUserRequest.class,
      responseType = dev.cairn.v1.UpdateUserResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.UpdateUserRequest,
      dev.cairn.v1.UpdateUserResponse> getUpdateUserMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.UpdateUserRequest, dev.cairn.v1.UpdateUserResponse> getUpdateUserMethod;
    if ((getUpdateUserMethod = AccessServiceGrpc.getUpdateUserMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getUpdateUserMethod = AccessServiceGrpc.getUpdateUserMethod) == null) {
          AccessServiceGrpc.getUpdateUserMethod = getUpdateUserMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.UpdateUserRequest, dev.cairn.v1.UpdateUserResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.UpdateUserResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("UpdateUser"))
              .build();
        }
      }
    }
    return getUpdateUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.CreateTokenRequest,
      dev.cairn.v1.CreateTokenResponse> getCreateTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateToken",
      requestType = dev.cairn.v1.CreateTokenRequest.class,
      responseType = dev.cairn.v1.CreateTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.CreateTokenRequest,
      dev.cairn.v1.CreateTokenResponse> getCreateTokenMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.CreateTokenRequest, dev.cairn.v1.CreateTokenResponse> getCreateTokenMethod;
    if ((getCreateTokenMethod = AccessServiceGrpc.getCreateTokenMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getCreateTokenMethod = AccessServiceGrpc.getCreateTokenMethod) == null) {
          AccessServiceGrpc.getCreateTokenMethod = getCreateTokenMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.CreateTokenRequest, dev.cairn.v1.CreateTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.CreateTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("CreateToken"))
              .build();
        }
      }
    }
    return getCreateTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ListTokensRequest,
      dev.cairn.v1.ListTokensResponse> getListTokensMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListTokens",
      requestType = dev.cairn.v1.ListTokensRequest.class,
      responseType = dev.cairn.v1.ListTokensResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ListTokensRequest,
      dev.cairn.v1.ListTokensResponse> getListTokensMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ListTokensRequest, dev.cairn.v1.ListTokensResponse> getListTokensMethod;
    if ((getListTokensMethod = AccessServiceGrpc.getListTokensMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getListTokensMethod = AccessServiceGrpc.getListTokensMethod) == null) {
          AccessServiceGrpc.getListTokensMethod = getListTokensMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ListTokensRequest, dev.cairn.v1.ListTokensResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListTokens"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListTokensRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListTokensResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("ListTokens"))
              .build();
        }
      }
    }
    return getListTokensMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.RevokeTokenRequest,
      dev.cairn.v1.RevokeTokenResponse> getRevokeTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeToken",
      requestType = dev.cairn.v1.RevokeTokenRequest.class,
      responseType = dev.cairn.v1.RevokeTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.RevokeTokenRequest,
      dev.cairn.v1.RevokeTokenResponse> getRevokeTokenMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.RevokeTokenRequest, dev.cairn.v1.RevokeTokenResponse> getRevokeTokenMethod;
    if ((getRevokeTokenMethod = AccessServiceGrpc.getRevokeTokenMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getRevokeTokenMethod = AccessServiceGrpc.getRevokeTokenMethod) == null) {
          AccessServiceGrpc.getRevokeTokenMethod = getRevokeTokenMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.RevokeTokenRequest, dev.cairn.v1.RevokeTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RevokeTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.RevokeTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("RevokeToken"))
              .build();
        }
      }
    }
    return getRevokeTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.SetPermissionRequest,
      dev.cairn.v1.SetPermissionResponse> getSetPermissionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetPermission",
      requestType = dev.cairn.v1.SetPermissionRequest.class,
      responseType = dev.cairn.v1.SetPermissionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.SetPermissionRequest,
      dev.cairn.v1.SetPermissionResponse> getSetPermissionMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.SetPermissionRequest, dev.cairn.v1.SetPermissionResponse> getSetPermissionMethod;
    if ((getSetPermissionMethod = AccessServiceGrpc.getSetPermissionMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getSetPermissionMethod = AccessServiceGrpc.getSetPermissionMethod) == null) {
          AccessServiceGrpc.getSetPermissionMethod = getSetPermissionMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.SetPermissionRequest, dev.cairn.v1.SetPermissionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetPermission"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetPermissionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.SetPermissionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("SetPermission"))
              .build();
        }
      }
    }
    return getSetPermissionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.cairn.v1.ListPermissionsRequest,
      dev.cairn.v1.ListPermissionsResponse> getListPermissionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListPermissions",
      requestType = dev.cairn.v1.ListPermissionsRequest.class,
      responseType = dev.cairn.v1.ListPermissionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.cairn.v1.ListPermissionsRequest,
      dev.cairn.v1.ListPermissionsResponse> getListPermissionsMethod() {
    io.grpc.MethodDescriptor<dev.cairn.v1.ListPermissionsRequest, dev.cairn.v1.ListPermissionsResponse> getListPermissionsMethod;
    if ((getListPermissionsMethod = AccessServiceGrpc.getListPermissionsMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getListPermissionsMethod = AccessServiceGrpc.getListPermissionsMethod) == null) {
          AccessServiceGrpc.getListPermissionsMethod = getListPermissionsMethod =
              io.grpc.MethodDescriptor.<dev.cairn.v1.ListPermissionsRequest, dev.cairn.v1.ListPermissionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListPermissions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListPermissionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.cairn.v1.ListPermissionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("ListPermissions"))
              .build();
        }
      }
    }
    return getListPermissionsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AccessServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessServiceStub>() {
        @java.lang.Override
        public AccessServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessServiceStub(channel, callOptions);
        }
      };
    return AccessServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AccessServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessServiceBlockingV2Stub>() {
        @java.lang.Override
        public AccessServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return AccessServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AccessServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessServiceBlockingStub>() {
        @java.lang.Override
        public AccessServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessServiceBlockingStub(channel, callOptions);
        }
      };
    return AccessServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AccessServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessServiceFutureStub>() {
        @java.lang.Override
        public AccessServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessServiceFutureStub(channel, callOptions);
        }
      };
    return AccessServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * AccessService manages users, API tokens and permissions. Calls carry a token as
   * `authorization: Bearer cairn_&lt;id&gt;_&lt;secret&gt;` metadata; every call of every
   * service fails with UNAUTHENTICATED when the token is missing (unless the
   * server allows anonymous access), malformed, unknown, expired or revoked.
   * A resource the caller may not read answers NOT_FOUND exactly as a missing
   * one does; one it may read but not change answers PERMISSION_DENIED.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Who the caller is. Anonymous callers get an empty user.
     * </pre>
     */
    default void getCurrentUser(dev.cairn.v1.GetCurrentUserRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetCurrentUserResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetCurrentUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Admin only. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    default void createUser(dev.cairn.v1.CreateUserRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateUserResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Admin only, in name order.
     * </pre>
     */
    default void listUsers(dev.cairn.v1.ListUsersRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListUsersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListUsersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Admin only. Changes the fields named in `update_mask` (admin, groups,
     * disabled). NOT_FOUND; FAILED_PRECONDITION when it would leave no enabled admin.
     * </pre>
     */
    default void updateUser(dev.cairn.v1.UpdateUserRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateUserResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a token for the caller, or for any user when the caller is an
     * admin. The response carries the secret; it cannot be read again.
     * </pre>
     */
    default void createToken(dev.cairn.v1.CreateTokenRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * The caller's tokens, or any user's (all users' when `user` is empty) for an admin.
     * </pre>
     */
    default void listTokens(dev.cairn.v1.ListTokensRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListTokensResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListTokensMethod(), responseObserver);
    }

    /**
     * <pre>
     * Revokes one of the caller's tokens (any token for an admin); effective at
     * once on this server, within seconds on other replicas. NOT_FOUND.
     * </pre>
     */
    default void revokeToken(dev.cairn.v1.RevokeTokenRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RevokeTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * Grants (or with level UNSPECIFIED removes) a permission. Needs MANAGE on the
     * resource. NOT_FOUND for an unknown resource, user or group-less name.
     * </pre>
     */
    default void setPermission(dev.cairn.v1.SetPermissionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetPermissionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetPermissionMethod(), responseObserver);
    }

    /**
     * <pre>
     * The grants on one resource. Needs MANAGE on it.
     * </pre>
     */
    default void listPermissions(dev.cairn.v1.ListPermissionsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListPermissionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListPermissionsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service AccessService.
   * <pre>
   * AccessService manages users, API tokens and permissions. Calls carry a token as
   * `authorization: Bearer cairn_&lt;id&gt;_&lt;secret&gt;` metadata; every call of every
   * service fails with UNAUTHENTICATED when the token is missing (unless the
   * server allows anonymous access), malformed, unknown, expired or revoked.
   * A resource the caller may not read answers NOT_FOUND exactly as a missing
   * one does; one it may read but not change answers PERMISSION_DENIED.
   * </pre>
   */
  public static abstract class AccessServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AccessServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service AccessService.
   * <pre>
   * AccessService manages users, API tokens and permissions. Calls carry a token as
   * `authorization: Bearer cairn_&lt;id&gt;_&lt;secret&gt;` metadata; every call of every
   * service fails with UNAUTHENTICATED when the token is missing (unless the
   * server allows anonymous access), malformed, unknown, expired or revoked.
   * A resource the caller may not read answers NOT_FOUND exactly as a missing
   * one does; one it may read but not change answers PERMISSION_DENIED.
   * </pre>
   */
  public static final class AccessServiceStub
      extends io.grpc.stub.AbstractAsyncStub<AccessServiceStub> {
    private AccessServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Who the caller is. Anonymous callers get an empty user.
     * </pre>
     */
    public void getCurrentUser(dev.cairn.v1.GetCurrentUserRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.GetCurrentUserResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetCurrentUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Admin only. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    public void createUser(dev.cairn.v1.CreateUserRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateUserResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Admin only, in name order.
     * </pre>
     */
    public void listUsers(dev.cairn.v1.ListUsersRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListUsersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListUsersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Admin only. Changes the fields named in `update_mask` (admin, groups,
     * disabled). NOT_FOUND; FAILED_PRECONDITION when it would leave no enabled admin.
     * </pre>
     */
    public void updateUser(dev.cairn.v1.UpdateUserRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateUserResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a token for the caller, or for any user when the caller is an
     * admin. The response carries the secret; it cannot be read again.
     * </pre>
     */
    public void createToken(dev.cairn.v1.CreateTokenRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.CreateTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The caller's tokens, or any user's (all users' when `user` is empty) for an admin.
     * </pre>
     */
    public void listTokens(dev.cairn.v1.ListTokensRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListTokensResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListTokensMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Revokes one of the caller's tokens (any token for an admin); effective at
     * once on this server, within seconds on other replicas. NOT_FOUND.
     * </pre>
     */
    public void revokeToken(dev.cairn.v1.RevokeTokenRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.RevokeTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Grants (or with level UNSPECIFIED removes) a permission. Needs MANAGE on the
     * resource. NOT_FOUND for an unknown resource, user or group-less name.
     * </pre>
     */
    public void setPermission(dev.cairn.v1.SetPermissionRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.SetPermissionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetPermissionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The grants on one resource. Needs MANAGE on it.
     * </pre>
     */
    public void listPermissions(dev.cairn.v1.ListPermissionsRequest request,
        io.grpc.stub.StreamObserver<dev.cairn.v1.ListPermissionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListPermissionsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service AccessService.
   * <pre>
   * AccessService manages users, API tokens and permissions. Calls carry a token as
   * `authorization: Bearer cairn_&lt;id&gt;_&lt;secret&gt;` metadata; every call of every
   * service fails with UNAUTHENTICATED when the token is missing (unless the
   * server allows anonymous access), malformed, unknown, expired or revoked.
   * A resource the caller may not read answers NOT_FOUND exactly as a missing
   * one does; one it may read but not change answers PERMISSION_DENIED.
   * </pre>
   */
  public static final class AccessServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AccessServiceBlockingV2Stub> {
    private AccessServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Who the caller is. Anonymous callers get an empty user.
     * </pre>
     */
    public dev.cairn.v1.GetCurrentUserResponse getCurrentUser(dev.cairn.v1.GetCurrentUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetCurrentUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Admin only. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    public dev.cairn.v1.CreateUserResponse createUser(dev.cairn.v1.CreateUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Admin only, in name order.
     * </pre>
     */
    public dev.cairn.v1.ListUsersResponse listUsers(dev.cairn.v1.ListUsersRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Admin only. Changes the fields named in `update_mask` (admin, groups,
     * disabled). NOT_FOUND; FAILED_PRECONDITION when it would leave no enabled admin.
     * </pre>
     */
    public dev.cairn.v1.UpdateUserResponse updateUser(dev.cairn.v1.UpdateUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a token for the caller, or for any user when the caller is an
     * admin. The response carries the secret; it cannot be read again.
     * </pre>
     */
    public dev.cairn.v1.CreateTokenResponse createToken(dev.cairn.v1.CreateTokenRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The caller's tokens, or any user's (all users' when `user` is empty) for an admin.
     * </pre>
     */
    public dev.cairn.v1.ListTokensResponse listTokens(dev.cairn.v1.ListTokensRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListTokensMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Revokes one of the caller's tokens (any token for an admin); effective at
     * once on this server, within seconds on other replicas. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.RevokeTokenResponse revokeToken(dev.cairn.v1.RevokeTokenRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRevokeTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Grants (or with level UNSPECIFIED removes) a permission. Needs MANAGE on the
     * resource. NOT_FOUND for an unknown resource, user or group-less name.
     * </pre>
     */
    public dev.cairn.v1.SetPermissionResponse setPermission(dev.cairn.v1.SetPermissionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetPermissionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The grants on one resource. Needs MANAGE on it.
     * </pre>
     */
    public dev.cairn.v1.ListPermissionsResponse listPermissions(dev.cairn.v1.ListPermissionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListPermissionsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service AccessService.
   * <pre>
   * AccessService manages users, API tokens and permissions. Calls carry a token as
   * `authorization: Bearer cairn_&lt;id&gt;_&lt;secret&gt;` metadata; every call of every
   * service fails with UNAUTHENTICATED when the token is missing (unless the
   * server allows anonymous access), malformed, unknown, expired or revoked.
   * A resource the caller may not read answers NOT_FOUND exactly as a missing
   * one does; one it may read but not change answers PERMISSION_DENIED.
   * </pre>
   */
  public static final class AccessServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AccessServiceBlockingStub> {
    private AccessServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Who the caller is. Anonymous callers get an empty user.
     * </pre>
     */
    public dev.cairn.v1.GetCurrentUserResponse getCurrentUser(dev.cairn.v1.GetCurrentUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetCurrentUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Admin only. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    public dev.cairn.v1.CreateUserResponse createUser(dev.cairn.v1.CreateUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Admin only, in name order.
     * </pre>
     */
    public dev.cairn.v1.ListUsersResponse listUsers(dev.cairn.v1.ListUsersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Admin only. Changes the fields named in `update_mask` (admin, groups,
     * disabled). NOT_FOUND; FAILED_PRECONDITION when it would leave no enabled admin.
     * </pre>
     */
    public dev.cairn.v1.UpdateUserResponse updateUser(dev.cairn.v1.UpdateUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a token for the caller, or for any user when the caller is an
     * admin. The response carries the secret; it cannot be read again.
     * </pre>
     */
    public dev.cairn.v1.CreateTokenResponse createToken(dev.cairn.v1.CreateTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The caller's tokens, or any user's (all users' when `user` is empty) for an admin.
     * </pre>
     */
    public dev.cairn.v1.ListTokensResponse listTokens(dev.cairn.v1.ListTokensRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTokensMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Revokes one of the caller's tokens (any token for an admin); effective at
     * once on this server, within seconds on other replicas. NOT_FOUND.
     * </pre>
     */
    public dev.cairn.v1.RevokeTokenResponse revokeToken(dev.cairn.v1.RevokeTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Grants (or with level UNSPECIFIED removes) a permission. Needs MANAGE on the
     * resource. NOT_FOUND for an unknown resource, user or group-less name.
     * </pre>
     */
    public dev.cairn.v1.SetPermissionResponse setPermission(dev.cairn.v1.SetPermissionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetPermissionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The grants on one resource. Needs MANAGE on it.
     * </pre>
     */
    public dev.cairn.v1.ListPermissionsResponse listPermissions(dev.cairn.v1.ListPermissionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListPermissionsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service AccessService.
   * <pre>
   * AccessService manages users, API tokens and permissions. Calls carry a token as
   * `authorization: Bearer cairn_&lt;id&gt;_&lt;secret&gt;` metadata; every call of every
   * service fails with UNAUTHENTICATED when the token is missing (unless the
   * server allows anonymous access), malformed, unknown, expired or revoked.
   * A resource the caller may not read answers NOT_FOUND exactly as a missing
   * one does; one it may read but not change answers PERMISSION_DENIED.
   * </pre>
   */
  public static final class AccessServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<AccessServiceFutureStub> {
    private AccessServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Who the caller is. Anonymous callers get an empty user.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.GetCurrentUserResponse> getCurrentUser(
        dev.cairn.v1.GetCurrentUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetCurrentUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Admin only. ALREADY_EXISTS for a taken name; INVALID_ARGUMENT for a bad name.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.CreateUserResponse> createUser(
        dev.cairn.v1.CreateUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Admin only, in name order.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ListUsersResponse> listUsers(
        dev.cairn.v1.ListUsersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListUsersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Admin only. Changes the fields named in `update_mask` (admin, groups,
     * disabled). NOT_FOUND; FAILED_PRECONDITION when it would leave no enabled admin.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.UpdateUserResponse> updateUser(
        dev.cairn.v1.UpdateUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a token for the caller, or for any user when the caller is an
     * admin. The response carries the secret; it cannot be read again.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.CreateTokenResponse> createToken(
        dev.cairn.v1.CreateTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The caller's tokens, or any user's (all users' when `user` is empty) for an admin.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ListTokensResponse> listTokens(
        dev.cairn.v1.ListTokensRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListTokensMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Revokes one of the caller's tokens (any token for an admin); effective at
     * once on this server, within seconds on other replicas. NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.RevokeTokenResponse> revokeToken(
        dev.cairn.v1.RevokeTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Grants (or with level UNSPECIFIED removes) a permission. Needs MANAGE on the
     * resource. NOT_FOUND for an unknown resource, user or group-less name.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.SetPermissionResponse> setPermission(
        dev.cairn.v1.SetPermissionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetPermissionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The grants on one resource. Needs MANAGE on it.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.cairn.v1.ListPermissionsResponse> listPermissions(
        dev.cairn.v1.ListPermissionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListPermissionsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET_CURRENT_USER = 0;
  private static final int METHODID_CREATE_USER = 1;
  private static final int METHODID_LIST_USERS = 2;
  private static final int METHODID_UPDATE_USER = 3;
  private static final int METHODID_CREATE_TOKEN = 4;
  private static final int METHODID_LIST_TOKENS = 5;
  private static final int METHODID_REVOKE_TOKEN = 6;
  private static final int METHODID_SET_PERMISSION = 7;
  private static final int METHODID_LIST_PERMISSIONS = 8;

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
        case METHODID_GET_CURRENT_USER:
          serviceImpl.getCurrentUser((dev.cairn.v1.GetCurrentUserRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.GetCurrentUserResponse>) responseObserver);
          break;
        case METHODID_CREATE_USER:
          serviceImpl.createUser((dev.cairn.v1.CreateUserRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.CreateUserResponse>) responseObserver);
          break;
        case METHODID_LIST_USERS:
          serviceImpl.listUsers((dev.cairn.v1.ListUsersRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ListUsersResponse>) responseObserver);
          break;
        case METHODID_UPDATE_USER:
          serviceImpl.updateUser((dev.cairn.v1.UpdateUserRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.UpdateUserResponse>) responseObserver);
          break;
        case METHODID_CREATE_TOKEN:
          serviceImpl.createToken((dev.cairn.v1.CreateTokenRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.CreateTokenResponse>) responseObserver);
          break;
        case METHODID_LIST_TOKENS:
          serviceImpl.listTokens((dev.cairn.v1.ListTokensRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ListTokensResponse>) responseObserver);
          break;
        case METHODID_REVOKE_TOKEN:
          serviceImpl.revokeToken((dev.cairn.v1.RevokeTokenRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.RevokeTokenResponse>) responseObserver);
          break;
        case METHODID_SET_PERMISSION:
          serviceImpl.setPermission((dev.cairn.v1.SetPermissionRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.SetPermissionResponse>) responseObserver);
          break;
        case METHODID_LIST_PERMISSIONS:
          serviceImpl.listPermissions((dev.cairn.v1.ListPermissionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.cairn.v1.ListPermissionsResponse>) responseObserver);
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
          getGetCurrentUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.GetCurrentUserRequest,
              dev.cairn.v1.GetCurrentUserResponse>(
                service, METHODID_GET_CURRENT_USER)))
        .addMethod(
          getCreateUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.CreateUserRequest,
              dev.cairn.v1.CreateUserResponse>(
                service, METHODID_CREATE_USER)))
        .addMethod(
          getListUsersMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ListUsersRequest,
              dev.cairn.v1.ListUsersResponse>(
                service, METHODID_LIST_USERS)))
        .addMethod(
          getUpdateUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.UpdateUserRequest,
              dev.cairn.v1.UpdateUserResponse>(
                service, METHODID_UPDATE_USER)))
        .addMethod(
          getCreateTokenMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.CreateTokenRequest,
              dev.cairn.v1.CreateTokenResponse>(
                service, METHODID_CREATE_TOKEN)))
        .addMethod(
          getListTokensMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ListTokensRequest,
              dev.cairn.v1.ListTokensResponse>(
                service, METHODID_LIST_TOKENS)))
        .addMethod(
          getRevokeTokenMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.RevokeTokenRequest,
              dev.cairn.v1.RevokeTokenResponse>(
                service, METHODID_REVOKE_TOKEN)))
        .addMethod(
          getSetPermissionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.SetPermissionRequest,
              dev.cairn.v1.SetPermissionResponse>(
                service, METHODID_SET_PERMISSION)))
        .addMethod(
          getListPermissionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.cairn.v1.ListPermissionsRequest,
              dev.cairn.v1.ListPermissionsResponse>(
                service, METHODID_LIST_PERMISSIONS)))
        .build();
  }

  private static abstract class AccessServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AccessServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.cairn.v1.AccessServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AccessService");
    }
  }

  private static final class AccessServiceFileDescriptorSupplier
      extends AccessServiceBaseDescriptorSupplier {
    AccessServiceFileDescriptorSupplier() {}
  }

  private static final class AccessServiceMethodDescriptorSupplier
      extends AccessServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AccessServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (AccessServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AccessServiceFileDescriptorSupplier())
              .addMethod(getGetCurrentUserMethod())
              .addMethod(getCreateUserMethod())
              .addMethod(getListUsersMethod())
              .addMethod(getUpdateUserMethod())
              .addMethod(getCreateTokenMethod())
              .addMethod(getListTokensMethod())
              .addMethod(getRevokeTokenMethod())
              .addMethod(getSetPermissionMethod())
              .addMethod(getListPermissionsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
