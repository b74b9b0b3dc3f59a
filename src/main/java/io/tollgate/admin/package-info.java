/**
 * The management API: AWS API Gateway's REST management protocol (version 2015-07-09, REST-JSON) on its own port,
 * so that the AWS CLI, the AWS SDKs and infrastructure tools manage Tollgate unchanged.
 */
@NullMarked
package io.tollgate.admin;

import org.jspecify.annotations.NullMarked;
