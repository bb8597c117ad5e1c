# Rendered by kthw for [=host.name] (Kubernetes [=cluster.kubernetesVersion]). Do not edit: re-run kthw render.
kind: KubeProxyConfiguration
apiVersion: kubeproxy.config.k8s.io/v1alpha1
clientConnection:
  kubeconfig: "[=paths.kubeProxyDir]/kubeconfig"
mode: "iptables"
clusterCIDR: "[=cluster.clusterCidr]"
