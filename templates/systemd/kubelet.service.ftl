# Rendered by kthw for [=host.name] (Kubernetes [=cluster.kubernetesVersion]). Do not edit: re-run kthw render.
[Unit]
Description=Kubernetes Kubelet
Documentation=https://github.com/kubernetes/kubernetes
After=containerd.service
Requires=containerd.service

[Service]
ExecStart=[=paths.bin]/kubelet \
  --config=[=paths.kubeletDir]/kubelet-config.yaml \
[#if gates.kubeletContainerRuntimeFlag]
  --container-runtime=remote \
[/#if]
[#if !gates.kubeletRuntimeEndpointInConfig]
  --container-runtime-endpoint=[=paths.containerdSocket] \
[/#if]
[#if gates.kubeletImagePullProgressDeadline]
  --image-pull-progress-deadline=2m \
[/#if]
  --kubeconfig=[=paths.kubeletDir]/kubeconfig \
[#if gates.kubeletNetworkPluginFlag]
  --network-plugin=cni \
[/#if]
  --register-node=true \
  --v=2
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
