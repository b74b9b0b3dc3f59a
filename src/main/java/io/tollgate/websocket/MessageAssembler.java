package io.tollgate.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.SynchronousSink;

/**
 * Turns a connection's frames into messages, within AWS's limits: a text message may span frames up to the
 * message size (a larger one closes the connection with 1009, the frame size itself is Netty's decoder's to
 * enforce); a binary frame closes it with 1003, as API Gateway does. Runs where the frames arrive, before Reactor
 * Netty releases their buffers. One per connection; frames of one connection arrive in order.
 */
final class MessageAssembler implements BiConsumer<WebSocketFrame, SynchronousSink<String>> {

	static final LiveConnection.CloseStatus MESSAGE_TOO_BIG = new LiveConnection.CloseStatus(1009, "Message too big");

	static final LiveConnection.CloseStatus BINARY_UNSUPPORTED = new LiveConnection.CloseStatus(1003,
			"Binary frames are not supported");

	private final LiveConnection connection;

	private final int maxMessageBytes;

	private @Nullable ByteArrayOutputStream fragments;

	MessageAssembler(LiveConnection connection, int maxMessageBytes) {
		this.connection = connection;
		this.maxMessageBytes = maxMessageBytes;
	}

	@Override
	public void accept(WebSocketFrame frame, SynchronousSink<String> messages) {
		if (!this.connection.isOpen()) {
			return;
		}
		if (frame instanceof BinaryWebSocketFrame) {
			this.connection.close(BINARY_UNSUPPORTED);
		}
		else if (frame instanceof TextWebSocketFrame text) {
			if (text.isFinalFragment()) {
				this.fragments = null;
				if (text.content().readableBytes() > this.maxMessageBytes) {
					this.connection.close(MESSAGE_TOO_BIG);
				}
				else {
					messages.next(text.text());
				}
			}
			else {
				this.fragments = new ByteArrayOutputStream();
				append(text.content(), text.isFinalFragment(), messages);
			}
		}
		else if (frame instanceof ContinuationWebSocketFrame continuation && this.fragments != null) {
			append(continuation.content(), continuation.isFinalFragment(), messages);
		}
	}

	private void append(ByteBuf content, boolean last, SynchronousSink<String> messages) {
		ByteArrayOutputStream message = this.fragments;
		if (message == null) {
			return;
		}
		if (message.size() + content.readableBytes() > this.maxMessageBytes) {
			this.fragments = null;
			this.connection.close(MESSAGE_TOO_BIG);
			return;
		}
		byte[] bytes = new byte[content.readableBytes()];
		content.getBytes(content.readerIndex(), bytes);
		message.writeBytes(bytes);
		if (last) {
			this.fragments = null;
			messages.next(message.toString(StandardCharsets.UTF_8));
		}
	}

}
