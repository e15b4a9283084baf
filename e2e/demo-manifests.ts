// A microservices-demo-shaped workspace for the layout tests: the service names and ports of Google's
// microservices-demo (github.com/GoogleCloudPlatform/microservices-demo, kubernetes-manifests/), written
// here as one Deployment + Service each, plus the public frontend-external LoadBalancer. Twelve apps, 25
// nodes: enough that the graph no longer fits the pane at a readable size at 1280×720.
const APPS: [name: string, port: number, svcPort: number][] = [
  ['frontend', 8080, 80],
  ['cartservice', 7070, 7070],
  ['productcatalogservice', 3550, 3550],
  ['currencyservice', 7000, 7000],
  ['paymentservice', 50051, 50051],
  ['shippingservice', 50051, 50051],
  ['emailservice', 8080, 5000],
  ['checkoutservice', 5050, 5050],
  ['recommendationservice', 8080, 8080],
  ['adservice', 9555, 9555],
  ['redis-cart', 6379, 6379],
  ['loadgenerator', 8089, 8089],
];

export function microservicesDemo(ns = 'default'): string {
  const docs: string[] = [];
  for (const [name, port, svcPort] of APPS) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: server
          image: example/${name}:v0.10.0
          ports: [{ containerPort: ${port} }]`);
    if (name === 'loadgenerator') continue;
    docs.push(`apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
  type: ClusterIP
  selector: { app: ${name} }
  ports: [{ name: grpc, port: ${svcPort}, targetPort: ${port} }]`);
  }
  docs.push(`apiVersion: v1
kind: Service
metadata: { name: frontend-external, namespace: ${ns} }
spec:
  type: LoadBalancer
  selector: { app: frontend }
  ports: [{ name: http, port: 80, targetPort: 8080 }]`);
  return docs.join('\n---\n') + '\n';
}
