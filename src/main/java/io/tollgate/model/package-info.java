/**
 * The API model: immutable records with AWS API Gateway (REST API v1) field names. The model is the source of
 * truth; routes are compiled from it.
 */
@NullMarked
package io.tollgate.model;

import org.jspecify.annotations.NullMarked;
