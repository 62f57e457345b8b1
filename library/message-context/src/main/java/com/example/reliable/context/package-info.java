/**
 * The message's context shared by both ends: the {@code source-id} header and the logging MDC
 * entries ({@code messageId}, {@code sourceId}) of the message being handled.
 */
package com.example.reliable.context;
