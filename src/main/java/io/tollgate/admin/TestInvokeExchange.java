package io.tollgate.admin;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseCookie;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;

/**
 * An exchange that lives in memory: TestInvokeMethod runs a request through a method's pipeline without a network
 * client, and reads the response back from here.
 */
final class TestInvokeExchange {

	private static final ServerCodecConfigurer CODECS = ServerCodecConfigurer.create();

	private final Response response = new Response();

	private final ServerWebExchange exchange;

	TestInvokeExchange(HttpMethod method, URI uri, HttpHeaders headers, byte[] body) {
		this.exchange = new DefaultServerWebExchange(new Request(method, uri, headers, body), this.response,
				new DefaultWebSessionManager(), CODECS, new AcceptHeaderLocaleContextResolver());
	}

	ServerWebExchange exchange() {
		return this.exchange;
	}

	int status() {
		return (this.response.getStatusCode() != null) ? this.response.getStatusCode().value() : 200;
	}

	HttpHeaders headers() {
		return this.response.getHeaders();
	}

	String body() {
		return this.response.body.toString(StandardCharsets.UTF_8);
	}

	private static final class Request extends AbstractServerHttpRequest {

		private final byte[] body;

		Request(HttpMethod method, URI uri, HttpHeaders headers, byte[] body) {
			super(method, uri, null, headers);
			this.body = body;
		}

		@Override
		protected MultiValueMap<String, HttpCookie> initCookies() {
			return new LinkedMultiValueMap<>();
		}

		@Override
		protected SslInfo initSslInfo() {
			return null;
		}

		@Override
		public <T> T getNativeRequest() {
			throw new IllegalStateException("A test invocation has no native request");
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return (this.body.length == 0) ? Flux.empty()
					: Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(this.body)));
		}

	}

	private static final class Response extends AbstractServerHttpResponse {

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		Response() {
			super(DefaultDataBufferFactory.sharedInstance);
		}

		@Override
		public <T> T getNativeResponse() {
			throw new IllegalStateException("A test invocation has no native response");
		}

		@Override
		protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
			return Flux.from(body).doOnNext(this::append).then();
		}

		@Override
		protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return Flux.from(body).concatMap(Flux::from).doOnNext(this::append).then();
		}

		private void append(DataBuffer buffer) {
			try {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				this.body.writeBytes(bytes);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}

		@Override
		protected void applyStatusCode() {
		}

		@Override
		protected void applyHeaders() {
		}

		@Override
		protected void applyCookies() {
			for (java.util.List<ResponseCookie> cookies : getCookies().values()) {
				for (ResponseCookie cookie : cookies) {
					getHeaders().add(HttpHeaders.SET_COOKIE, cookie.toString());
				}
			}
		}

	}

}
