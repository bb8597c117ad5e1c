# Rendered by kthw. Forward pod traffic between nodes; let iptables (kube-proxy) see bridged pod traffic.
net.ipv4.ip_forward = 1
net.bridge.bridge-nf-call-iptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
