# Rendered by kthw for [=host.name] (Kubernetes [=cluster.kubernetesVersion]). Do not edit: re-run kthw render.
apiVersion: [=gates.schedulerConfigApiVersion]
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: "[=paths.k8sDir]/kube-scheduler.kubeconfig"
leaderElection:
  leaderElect: true
