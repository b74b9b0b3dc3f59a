# syntax=docker/dockerfile:1
# Tollgate's image: built from source in a JDK stage, run as a non-root user on a JRE from Spring Boot's layered jar
# (dependencies change rarely, so their layers stay cached between builds).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -Dmaven.test.skip=true \
    && java -Djarmode=tools -jar target/tollgate-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 tollgate \
    && useradd --system --uid 10001 --gid tollgate --home-dir /app --shell /usr/sbin/nologin tollgate \
    && mkdir -p /data /etc/tollgate/definitions \
    && chown tollgate:tollgate /data
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY src/main/docker/entrypoint.sh ./
USER 10001:10001
# Memory from the container's limit: 45% for the heap, 20% for direct memory (Netty's buffers; the entrypoint reads
# the cgroup limit), the rest for metaspace, code cache, threads and the GC. Two malloc arenas keep glibc from
# growing one per thread. A 512 MiB limit runs the benchmark with 11,101 methods loaded (bench/README.md).
ENV TOLLGATE_DATADIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=45 -XX:+ExitOnOutOfMemoryError" \
    TOLLGATE_DIRECT_MEMORY_PERCENT=20 \
    MALLOC_ARENA_MAX=2
EXPOSE 8080 8081 8082
VOLUME ["/data"]
ENTRYPOINT ["/app/entrypoint.sh", "org.springframework.boot.loader.launch.JarLauncher"]
