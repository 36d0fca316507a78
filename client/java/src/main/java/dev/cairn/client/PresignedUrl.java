package dev.cairn.client;

import dev.cairn.v1.Artifact;
import java.time.Instant;

/**
 * A short-lived URL of the object store for one artifact, from {@link CairnClient#presignedUrl}:
 * anyone holding it can use it until {@code expiresAt}.
 *
 * @param url the URL (http or https for the S3 backends)
 * @param expiresAt when the URL stops working
 * @param artifact for GET, the artifact the URL reads, with the size and SHA-256 to verify the
 *     bytes against; null for PUT (and from a server that does not describe it)
 */
public record PresignedUrl(String url, Instant expiresAt, Artifact artifact) {}
