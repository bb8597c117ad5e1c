# Rendered by kthw for [=host.name] (Kubernetes [=cluster.kubernetesVersion]). Do not edit: re-run kthw render.
[Unit]
Description=Kubernetes Kube Proxy
Documentation=https://github.com/kubernetes/kubernetes
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=[=paths.bin]/kube-proxy \
  --config=[=paths.kubeProxyDir]/kube-proxy-config.yaml
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
