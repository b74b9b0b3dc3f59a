package io.tollgate.config;

import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeptAliveReading}: whether the end of a response is reported within the write or by a later task
 * of the connection's event loop (a real loop; Netty's embedded channel runs queued tasks after every write).
 */
class KeptAliveReadingTests {

	private final DefaultEventLoopGroup loop = new DefaultEventLoopGroup(1);

	private Channel server;

	private Channel channel;

	@BeforeEach
	void connect() throws InterruptedException {
		LocalAddress address = new LocalAddress(KeptAliveReadingTests.class);
		this.server = new ServerBootstrap().group(this.loop)
			.channel(LocalServerChannel.class)
			.childHandler(new ChannelInboundHandlerAdapter())
			.bind(address)
			.sync()
			.channel();
		this.channel = new Bootstrap().group(this.loop)
			.channel(LocalChannel.class)
			.handler(KeptAliveReading.INSTANCE)
			.connect(address)
			.sync()
			.channel();
	}

	@AfterEach
	void close() {
		this.channel.close().syncUninterruptibly();
		this.server.close().syncUninterruptibly();
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void theEndOfAResponseIsReportedByATaskOfItsOwn() throws Exception {
		assertThat(reportedWithinTheWrite(HttpResponseStatus.OK)).isFalse();
	}

	@Test
	void aSwitchingProtocolsResponseIsReportedWithinTheWriteSoTheWebSocketCodecTakesOverBeforeTheNextRead()
			throws Exception {
		assertThat(reportedWithinTheWrite(HttpResponseStatus.SWITCHING_PROTOCOLS)).isTrue();
	}

	private boolean reportedWithinTheWrite(HttpResponseStatus status) throws Exception {
		ChannelPromise written = this.channel.newPromise();
		boolean reported = this.channel.eventLoop().submit(() -> {
			this.channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status), written);
			return written.isDone();
		}).get(5, TimeUnit.SECONDS);
		assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(written.isSuccess()).isTrue();
		return reported;
	}

}
