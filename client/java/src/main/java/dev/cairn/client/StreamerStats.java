package dev.cairn.client;

/**
 * Counters of a streamer's life so far.
 *
 * @param streamId the stream's id
 * @param epoch epoch of the current (or last) connection, as reported by the server
 * @param messagesSent messages sent, resends included
 * @param messagesAcked messages acknowledged
 * @param pointsAcked points in acknowledged messages
 * @param pointsWritten points the server reports as newly stored
 * @param duplicateAcks acks of messages the server had already committed
 * @param reconnects connections that failed and were retried
 * @param lastCommittedSeq the highest seq known to be committed
 */
public record StreamerStats(
    String streamId,
    long epoch,
    long messagesSent,
    long messagesAcked,
    long pointsAcked,
    long pointsWritten,
    long duplicateAcks,
    long reconnects,
    long lastCommittedSeq) {}
