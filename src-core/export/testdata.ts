// Test-only manifests shared by the export tests (the app's export and `podpath trace --format markdown`):
// two Deployments in namespace shop, frontend → backend on 8080; each test puts its own policy in front.
const deployment = (name: string, container: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: ${container}, image: x, ports: [{containerPort: 8080}]}]}
`;

export const SHOP_DEPLOYMENTS = `${deployment('frontend', 'web')}---\n${deployment('backend', 'api')}`;
