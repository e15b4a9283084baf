// A small `oc get all -o yaml`-style dump for the share tests: one List with managedFields, ownerReferences,
// status, last-applied configurations, env secrets, a Secret, a ConfigMap, a Template and a BuildConfig — the
// shape real dumps have, with a secret planted wherever issue 16 found one leaking. `SECRET(i)` marks each.

/** A recognisable secret value; the tests assert none of them survives. */
export const SECRET = (i: number | string): string => `s3cr3t-${i}-zq`;

export const PLANTED_DUMP = `apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: v1
  kind: Secret
  metadata:
    name: db-creds
    namespace: shop
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db-creds","namespace":"shop"},"stringData":{"password":"${SECRET('lac-secret')}"}}
    managedFields:
    - manager: kubectl
      operation: Update
      fieldsV1: {"f:data": {"f:password": {}}}
  type: Opaque
  data:
    password: ${btoa(SECRET('b64'))}
  stringData:
    plain: ${SECRET('stringdata')}
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: kubeconfig
    namespace: shop
  data:
    kubeconfig: |
      users:
      - name: admin
        user:
          token: sha256~${SECRET('sha256token')}
          username: admin
          password: ${SECRET('basicauth')}
    values.yaml: |
      postgresql:
        auth:
          postgresPassword: ${SECRET('helm')}
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
    labels:
      app: web
    annotations:
      deployment.kubernetes.io/revision: "3"
      kubectl.kubernetes.io/last-applied-configuration: |
        {"spec":{"template":{"spec":{"containers":[{"env":[{"name":"DB_PASS","value":"${SECRET('lac-env')}"}]}]}}}}
    managedFields:
    - manager: kube-controller-manager
      operation: Update
      time: "2024-03-01T10:00:00Z"
    uid: 4f1c2a9e-0000-4000-8000-000000000001
    creationTimestamp: "2024-03-01T10:00:00Z"
  spec:
    replicas: 2
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
        - name: web
          image: quay.io/shop/web:1.0
          args: ["--db-password=${SECRET('args')}"]
          ports:
          - name: http
            containerPort: 8080
          env:
          - name: DB_PASS
            value: ${SECRET('DB_PASS')}
          - name: REDIS_PWD
            value: ${SECRET('REDIS_PWD')}
          - name: API-KEY
            value: ${SECRET('API-KEY')}
          - name: PRIVATE_KEY
            value: ${SECRET('PRIVATE_KEY')}
          - name: AWS_ACCESS_KEY_ID
            value: AKIA${SECRET('aws')}
          - name: DATABASE_URL
            value: postgres://app:${SECRET('dburl')}@db:5432/shop
          - name: SIGNING_KEY
            value: ${SECRET('SIGNING_KEY')}
          - name: PASSPHRASE
            value: ${SECRET('PASSPHRASE')}
          - name: AUTH
            value: ${SECRET('AUTH')}
          - name: FROM_SECRET
            valueFrom:
              secretKeyRef:
                name: db-creds
                key: password
  status:
    replicas: 2
    readyReplicas: 2
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata:
    name: web-5d8f7
    namespace: shop
    labels:
      app: web
      pod-template-hash: 5d8f7
    ownerReferences:
    - apiVersion: apps/v1
      kind: Deployment
      name: web
      uid: 4f1c2a9e-0000-4000-8000-000000000001
      controller: true
      blockOwnerDeletion: true
  spec:
    replicas: 2
    selector:
      matchLabels:
        app: web
        pod-template-hash: 5d8f7
    template:
      metadata:
        labels:
          app: web
          pod-template-hash: 5d8f7
      spec:
        containers:
        - name: web
          image: quay.io/shop/web:1.0
          ports:
          - name: http
            containerPort: 8080
          env:
          - name: DB_PASS
            value: ${SECRET('rs-env')}
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-5d8f7-abcde
    namespace: shop
    labels:
      app: web
      pod-template-hash: 5d8f7
    ownerReferences:
    - apiVersion: apps/v1
      kind: ReplicaSet
      name: web-5d8f7
      uid: 4f1c2a9e-0000-4000-8000-000000000002
      controller: true
    managedFields:
    - manager: kubelet
      operation: Update
      subresource: status
  spec:
    nodeName: worker-1
    containers:
    - name: web
      image: quay.io/shop/web:1.0
      ports:
      - name: http
        containerPort: 8080
      env:
      - name: DB_PASS
        value: ${SECRET('pod-env')}
      volumeMounts:
      - name: token
        mountPath: /var/run/secrets
  status:
    phase: Running
    hostIP: 10.0.0.11
    podIP: 10.128.2.15
    podIPs:
    - ip: 10.128.2.15
    conditions:
    - type: Ready
      status: "True"
      lastTransitionTime: "2024-03-01T10:01:00Z"
    containerStatuses:
    - name: web
      ready: true
      imageID: quay.io/shop/web@sha256:${SECRET('status')}
- apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: shop
    labels:
      app: web
  spec:
    type: ClusterIP
    clusterIP: 172.30.10.10
    clusterIPs:
    - 172.30.10.10
    selector:
      app: web
    ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
  status:
    loadBalancer: {}
- apiVersion: route.openshift.io/v1
  kind: Route
  metadata:
    name: web
    namespace: shop
    annotations:
      haproxy.router.openshift.io/timeout: 30s
      openshift.io/host.generated: "true"
  spec:
    host: web-shop.apps.example.com
    to:
      kind: Service
      name: web
      weight: 100
    port:
      targetPort: http
    tls:
      termination: edge
      insecureEdgeTerminationPolicy: Redirect
      key: |
        -----BEGIN RSA PRIVATE KEY-----
        ${btoa(SECRET('routekey'))}
        -----END RSA PRIVATE KEY-----
  status:
    ingress:
    - host: web-shop.apps.example.com
      routerName: default
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: allow-from-router
    namespace: shop
  spec:
    podSelector: {}
    policyTypes: [Ingress]
    ingress:
    - from:
      - namespaceSelector:
          matchLabels:
            policy-group.network.openshift.io/ingress: ""
- apiVersion: template.openshift.io/v1
  kind: Template
  metadata:
    name: db
    namespace: shop
  parameters:
  - name: DB_PASSWORD
    value: ${SECRET('template-param')}
  objects:
  - apiVersion: v1
    kind: Secret
    metadata:
      name: db
    stringData:
      password: ${SECRET('template-secret')}
- apiVersion: build.openshift.io/v1
  kind: BuildConfig
  metadata:
    name: web
    namespace: shop
  spec:
    source:
      git:
        uri: https://builder:${SECRET('git')}@git.example.com/shop/web.git
`;
