package arn

// Builders for the ARNs Gatehouse hands out. Every service builds ARNs here rather than by
// concatenating strings, so that one place knows each format (IAM User Guide, "IAM
// identifiers", reference_identifiers.html#identifiers-arns).

// Partition is the partition of every ARN Gatehouse issues.
const Partition = "aws"

// IAM is an IAM ARN of account: arn:aws:iam::ACCOUNT:RESOURCE.
func IAM(account, resource string) string {
	return ARN{Partition: Partition, Service: "iam", AccountID: account, Resource: resource}.String()
}

// Root is the ARN of an account's root user: arn:aws:iam::ACCOUNT:root.
func Root(account string) string { return IAM(account, "root") }

// Path joins an IAM entity type, path and name into a resource: "user" + "/dev/" + "alice" is
// "user/dev/alice". path must begin and end with '/' (IAM's paths do); "" means "/".
func Path(typ, path, name string) string {
	if path == "" {
		path = "/"
	}
	return typ + path + name
}

// Entity is the ARN of an IAM entity of type typ ("user", "role", "group", "policy",
// "instance-profile", "mfa", "server-certificate", …) with a path and a name.
func Entity(account, typ, path, name string) string { return IAM(account, Path(typ, path, name)) }

// User is a user's ARN: arn:aws:iam::ACCOUNT:user/PATH/NAME.
func User(account, path, name string) string { return Entity(account, "user", path, name) }

// Role is a role's ARN: arn:aws:iam::ACCOUNT:role/PATH/NAME.
func Role(account, path, name string) string { return Entity(account, "role", path, name) }

// Group is a group's ARN: arn:aws:iam::ACCOUNT:group/PATH/NAME.
func Group(account, path, name string) string { return Entity(account, "group", path, name) }

// Policy is a managed policy's ARN: arn:aws:iam::ACCOUNT:policy/PATH/NAME.
func Policy(account, path, name string) string { return Entity(account, "policy", path, name) }

// STS is an STS ARN of account in partition: arn:PARTITION:sts::ACCOUNT:RESOURCE.
func STS(partition, account, resource string) string {
	if partition == "" {
		partition = Partition
	}
	return ARN{Partition: partition, Service: "sts", AccountID: account, Resource: resource}.String()
}

// AssumedRole is a role session's ARN: arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION.
func AssumedRole(partition, account, role, session string) string {
	return STS(partition, account, "assumed-role/"+role+"/"+session)
}

// FederatedUser is a federated user's ARN: arn:aws:sts::ACCOUNT:federated-user/NAME.
func FederatedUser(account, name string) string {
	return STS(Partition, account, "federated-user/"+name)
}
