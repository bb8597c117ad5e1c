# Rendered by kthw for [=host.name] (Kubernetes [=cluster.kubernetesVersion]). Do not edit: re-run kthw render.
kind: KubeletConfiguration
apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: "[=paths.k8sDir]/ca.crt"
authorization:
  mode: Webhook
# must match containerd's SystemdCgroup ([=gates.systemdCgroup?c]) in /etc/containerd/config.toml
cgroupDriver: "[=gates.cgroupDriver]"
clusterDomain: "[=cluster.dnsDomain]"
clusterDNS:
  - "[=cluster.dnsIp]"
[#if gates.kubeletRuntimeEndpointInConfig]
containerRuntimeEndpoint: "[=paths.containerdSocket]"
[/#if]
[#if gates.kubeletRefusesCgroupV1]
# Kubernetes 1.35+ refuses to run on cgroup v1 hosts (the default since 1.35; stated here to make it visible).
# Raspberry Pi OS bookworm and later boot with cgroup v2 unless cmdline.txt forces v1.
failCgroupV1: true
[/#if]
[#if host.hasPodCidr]
# the same podCIDR as /etc/cni/net.d/10-bridge.conf and the other nodes' kthw-pod-routes.service
podCIDR: "[=host.podCidr]"
[/#if]
resolvConf: "[=paths.resolvConf]"
runtimeRequestTimeout: "15m"
tlsCertFile: "[=paths.kubeletDir]/kubelet.crt"
tlsPrivateKeyFile: "[=paths.kubeletDir]/kubelet.key"
