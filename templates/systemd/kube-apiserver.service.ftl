# Rendered by kthw for [=host.name] (Kubernetes [=cluster.kubernetesVersion]). Do not edit: re-run kthw render.
[Unit]
Description=Kubernetes API Server
Documentation=https://github.com/kubernetes/kubernetes
After=network-online.target etcd.service
Wants=network-online.target

[Service]
ExecStart=[=paths.bin]/kube-apiserver \
  --advertise-address=[=host.address] \
  --allow-privileged=true \
[#if gates.apiserverCountFlag]
  --apiserver-count=[=cluster.masterCount] \
[/#if]
  --audit-log-maxage=30 \
  --audit-log-maxbackup=3 \
  --audit-log-maxsize=100 \
  --audit-log-path=/var/log/audit.log \
  --authorization-mode=Node,RBAC \
  --bind-address=0.0.0.0 \
  --secure-port=[=cluster.apiPort] \
  --client-ca-file=[=paths.k8sDir]/ca.crt \
  --enable-admission-plugins=NamespaceLifecycle,NodeRestriction,LimitRanger,ServiceAccount,DefaultStorageClass,ResourceQuota \
  --etcd-cafile=[=paths.k8sDir]/ca.crt \
  --etcd-certfile=[=paths.k8sDir]/apiserver-etcd-client.crt \
  --etcd-keyfile=[=paths.k8sDir]/apiserver-etcd-client.key \
  --etcd-servers=[=cluster.etcdServers] \
  --event-ttl=1h \
  --encryption-provider-config=[=paths.k8sDir]/encryption-config.yaml \
  --kubelet-certificate-authority=[=paths.k8sDir]/ca.crt \
  --kubelet-client-certificate=[=paths.k8sDir]/apiserver-kubelet-client.crt \
  --kubelet-client-key=[=paths.k8sDir]/apiserver-kubelet-client.key \
[#if gates.apiserverRuntimeConfigAll]
  --runtime-config=api/all=true \
[/#if]
  --service-account-key-file=[=paths.k8sDir]/service-account.crt \
  --service-account-signing-key-file=[=paths.k8sDir]/service-account.key \
  --service-account-issuer=[=cluster.apiServerUrl] \
  --service-cluster-ip-range=[=cluster.serviceCidr] \
  --service-node-port-range=30000-32767 \
  --tls-cert-file=[=paths.k8sDir]/kube-apiserver.crt \
  --tls-private-key-file=[=paths.k8sDir]/kube-apiserver.key \
  --v=2
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
