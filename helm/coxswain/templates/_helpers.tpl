{{/* Names and labels shared by every template of the chart. */}}
{{- define "coxswain.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "coxswain.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: coxswain
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* selector labels of one component: (dict "root" $ "component" "api-server") */}}
{{- define "coxswain.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "coxswain.image" -}}
{{- printf "%scoxswain/%s:%s" .root.Values.image.registry .component .root.Values.image.tag -}}
{{- end -}}

{{- define "coxswain.rabbitmqSecret" -}}
{{- if .Values.rabbitmq.auth.existingSecret -}}{{ .Values.rabbitmq.auth.existingSecret }}{{- else -}}{{ include "coxswain.fullname" . }}-rabbitmq{{- end -}}
{{- end -}}

{{/* The environment every Coxswain service gets: the shared ConfigMap and the broker credentials. */}}
{{- define "coxswain.commonEnv" -}}
- name: SPRING_RABBITMQ_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ include "coxswain.rabbitmqSecret" . }}, key: username}
- name: SPRING_RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "coxswain.rabbitmqSecret" . }}, key: password}
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.javaToolOptions | quote }}
{{- end -}}

{{/* Actuator probes on a service's port. */}}
{{- define "coxswain.probes" -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: http}
  periodSeconds: 5
  failureThreshold: 3
{{- end -}}
