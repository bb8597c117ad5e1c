# Rendered by kthw for [=host.name] (Kubernetes [=cluster.kubernetesVersion]). Do not edit: re-run kthw render.
[Unit]
Description=Kubernetes Controller Manager
Documentation=https://github.com/kubernetes/kubernetes
After=kube-apiserver.service

[Service]
ExecStart=[=paths.bin]/kube-controller-manager \
[#if cluster.flannel]
  --allocate-node-cidrs=true \
  --cluster-cidr=[=cluster.clusterCidr] \
  --node-cidr-mask-size=24 \
[/#if]
  --cluster-name=kubernetes \
  --cluster-signing-cert-file=[=paths.k8sDir]/ca.crt \
  --cluster-signing-key-file=[=paths.k8sDir]/ca.key \
  --kubeconfig=[=paths.k8sDir]/kube-controller-manager.kubeconfig \
  --leader-elect=true \
  --root-ca-file=[=paths.k8sDir]/ca.crt \
  --service-account-private-key-file=[=paths.k8sDir]/service-account.key \
  --service-cluster-ip-range=[=cluster.serviceCidr] \
  --use-service-account-credentials=true \
  --v=2
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
