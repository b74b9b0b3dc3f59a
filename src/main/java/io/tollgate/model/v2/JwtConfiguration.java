package io.tollgate.model.v2;

import java.util.List;

import io.tollgate.model.Immutables;
import org.jspecify.annotations.Nullable;

/**
 * What a JWT authorizer accepts: tokens of {@code issuer} whose {@code aud} (or, only without {@code aud},
 * {@code client_id}) is one of {@code audience} (AWS {@code JWTConfiguration}).
 */
public record JwtConfiguration(List<String> audience, @Nullable String issuer) {

	/** AWS's limit of audiences per authorizer. */
	public static final int MAX_AUDIENCES = 50;

	public JwtConfiguration(@Nullable List<String> audience, @Nullable String issuer) {
		this.audience = Immutables.list(audience);
		this.issuer = issuer;
	}

}
