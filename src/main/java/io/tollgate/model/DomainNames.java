package io.tollgate.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Every custom domain name of the gateway, stored and changed as one document: domains are few (AWS allows 120 per
 * region) and a change is rare, so one version for the whole set keeps the store a single compare-and-set.
 *
 * @param domainNames the domains by name, in name order
 */
public record DomainNames(Map<String, DomainName> domainNames, long version) {

	public static final DomainNames EMPTY = new DomainNames(null, 0);

	public DomainNames(@Nullable Map<String, DomainName> domainNames, long version) {
		Map<String, DomainName> sorted = new TreeMap<>();
		if (domainNames != null) {
			domainNames.forEach((name, domain) -> {
				if (!name.equals(domain.domainName())) {
					throw ApiModelException.badRequest("Domain name key " + name + " does not match its domainName");
				}
				sorted.put(name, domain);
			});
		}
		this.domainNames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
		this.version = version;
	}

	public Optional<DomainName> find(String domainName) {
		return Optional.ofNullable(this.domainNames.get(domainName));
	}

	public DomainName require(String domainName) {
		return find(domainName).orElseThrow(DomainNames::notFound);
	}

	/** The set with {@code domain} added or replaced, one version on. */
	public DomainNames with(DomainName domain) {
		Map<String, DomainName> changed = new LinkedHashMap<>(this.domainNames);
		changed.put(domain.domainName(), domain);
		return new DomainNames(changed, this.version + 1);
	}

	public DomainNames without(String domainName) {
		if (!this.domainNames.containsKey(domainName)) {
			throw notFound();
		}
		Map<String, DomainName> changed = new LinkedHashMap<>(this.domainNames);
		changed.remove(domainName);
		return new DomainNames(changed, this.version + 1);
	}

	public static ApiModelException notFound() {
		return ApiModelException.notFound("Invalid domain name identifier specified");
	}

}
