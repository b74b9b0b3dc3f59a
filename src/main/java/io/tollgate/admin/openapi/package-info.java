/**
 * OpenAPI import and export as API Gateway does them: {@code ImportRestApi} and {@code PutRestApi} read an OpenAPI
 * 3.0 or Swagger 2.0 definition with its {@code x-amazon-apigateway-*} extensions into the model, and
 * {@code GetExport} writes a stage's deployment back out as either.
 */
@NullMarked
package io.tollgate.admin.openapi;

import org.jspecify.annotations.NullMarked;
