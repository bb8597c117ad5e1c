# Rendered by kthw for [=host.name] (Kubernetes [=cluster.kubernetesVersion]). Do not edit: re-run kthw render.
[Unit]
Description=Kubernetes Scheduler
Documentation=https://github.com/kubernetes/kubernetes
After=kube-apiserver.service

[Service]
ExecStart=[=paths.bin]/kube-scheduler \
  --config=[=paths.k8sConfigDir]/kube-scheduler.yaml \
  --v=2
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
