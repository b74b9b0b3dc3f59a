{{- define "tollgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tollgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "tollgate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object, without the component. */}}
{{- define "tollgate.commonLabels" -}}
helm.sh/chart: {{ include "tollgate.chart" . }}
app.kubernetes.io/name: {{ include "tollgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tollgate
{{- end }}

{{/* Labels of the gateway's objects. */}}
{{- define "tollgate.labels" -}}
{{ include "tollgate.commonLabels" . }}
app.kubernetes.io/component: gateway
{{- end }}

{{- define "tollgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tollgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end }}

{{- define "tollgate.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ include "tollgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: redis
{{- end }}

{{- define "tollgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tollgate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Whether the gateway uses Redis: an external URL or the in-chart Redis. */}}
{{- define "tollgate.redisUsed" -}}
{{- if or .Values.redis.url .Values.redis.enabled }}true{{ end }}
{{- end }}

{{- define "tollgate.redisHost" -}}
{{- printf "%s-redis" (include "tollgate.fullname" .) }}
{{- end }}

{{/* The Secret holding the in-chart Redis password. */}}
{{- define "tollgate.redisSecretName" -}}
{{- default (printf "%s-redis" (include "tollgate.fullname" .)) .Values.redis.auth.existingSecret }}
{{- end }}

{{- define "tollgate.redisSecretKey" -}}
{{- if .Values.redis.auth.existingSecret }}{{ .Values.redis.auth.existingSecretKey }}{{ else }}redis-password{{ end }}
{{- end }}

{{/* The Secret holding the admin credentials. */}}
{{- define "tollgate.adminSecretName" -}}
{{- default (printf "%s-admin" (include "tollgate.fullname" .)) .Values.admin.existingSecret }}
{{- end }}

{{- define "tollgate.adminCredentials" -}}
{{- if or .Values.admin.existingSecret (and .Values.admin.accessKeyId .Values.admin.secretAccessKey) }}true{{ end }}
{{- end }}

{{- define "tollgate.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Refuse settings that would split state: several replicas need Redis. */}}
{{- define "tollgate.validate" -}}
{{- if not (include "tollgate.redisUsed" .) }}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) }}
{{- fail "Without Redis (redis.enabled=false and no redis.url) Tollgate keeps its state in the pod: set replicaCount=1 and autoscaling.enabled=false, or use Redis" }}
{{- end }}
{{- end }}
{{- if and .Values.redis.cluster (not .Values.redis.url) }}
{{- fail "redis.cluster needs redis.url: the in-chart Redis is a single node" }}
{{- end }}
{{- if and .Values.admin.accessKeyId (not .Values.admin.secretAccessKey) }}
{{- fail "admin.accessKeyId needs admin.secretAccessKey" }}
{{- end }}
{{- if and .Values.tls.enabled (not (hasKey .Values.tls.certificates .Values.tls.defaultCertificate)) }}
{{- fail "tls.enabled needs tls.defaultCertificate to name one of tls.certificates" }}
{{- end }}
{{- end }}

{{/*
Spring Boot SSL bundles of the mounted certificates and truststores (SPRING_APPLICATION_JSON): bundle names are the
names domains use, which environment variable names could not carry.
*/}}
{{- define "tollgate.sslBundles" -}}
{{- $pem := dict }}
{{- range $name, $certificate := .Values.tls.certificates }}
{{- $_ := set $pem $name (dict "reload-on-update" true "keystore" (dict "certificate" (printf "/etc/tollgate/tls/certificates/%s/tls.crt" $name) "private-key" (printf "/etc/tollgate/tls/certificates/%s/tls.key" $name) "verify-keys" true)) }}
{{- end }}
{{- range $name, $truststore := .Values.tls.truststores }}
{{- $bundle := get $pem $name | default (dict "reload-on-update" true) }}
{{- $_ := set $bundle "truststore" (dict "certificate" (printf "/etc/tollgate/tls/truststores/%s/%s" $name ($truststore.key | default "ca.pem"))) }}
{{- $_ := set $pem $name $bundle }}
{{- end }}
{{- dict "spring" (dict "ssl" (dict "bundle" (dict "pem" $pem "watch" (dict "file" (dict "quiet-period" .Values.tls.reloadQuietPeriod))))) | toJson }}
{{- end }}
