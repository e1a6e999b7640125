package api

import "regexp"

// Gatehouse's accounts live in AWS's commercial partition, "aws": their ARNs begin arn:aws:, and
// like AWS's, their credentials work only there. foreignRegions are the regions of the other
// partitions, as AWS's endpoint rules define them (botocore's data/partitions.json, each
// partition's regionRegex and its listed regions): a request signed for one of them is signed for
// another partition. Regions of none of these shapes are accepted, as every well-formed region is
// (IAM is global: Gatehouse serves any region of its partition, and names it does not know).
var foreignRegions = regexp.MustCompile(`^(` +
	`cn-\w+-\d+|` + // aws-cn
	`us-gov-\w+-\d+|` + // aws-us-gov
	`us-iso-\w+-\d+|` + // aws-iso
	`us-isob-\w+-\d+|` + // aws-iso-b
	`eu-isoe-\w+-\d+|` + // aws-iso-e
	`us-isof-\w+-\d+|` + // aws-iso-f
	`eusc-de-\w+-\d+|` + // aws-eusc
	`aws-(cn|us-gov|iso|iso-b|iso-e|iso-f)-global` + // their global endpoints' signing regions
	`)$`)

// foreignPartition reports whether region belongs to a partition other than "aws".
func foreignPartition(region string) bool { return foreignRegions.MatchString(region) }
