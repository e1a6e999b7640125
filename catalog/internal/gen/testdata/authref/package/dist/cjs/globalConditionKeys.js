"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.globalConditionKeys = void 0;
// A stand-in for the package's compiled list, in the same shape.
exports.globalConditionKeys = [
    {
        key: 'aws:PrincipalArn',
        category: 'principal',
        type: 'ARN',
        description: ''
    },
    {
        key: 'aws:PrincipalAccount',
        category: 'principal',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:PrincipalOrgPaths',
        category: 'principal',
        type: 'ArrayOfString',
        description: ''
    },
    {
        key: 'aws:PrincipalOrgID',
        category: 'principal',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:PrincipalTag/tag-key',
        category: 'principal',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:PrincipalIsAWSService',
        category: 'principal',
        type: 'Bool',
        description: ''
    },
    {
        key: 'aws:PrincipalServiceName',
        category: 'principal',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:PrincipalType',
        category: 'principal',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:userid',
        category: 'principal',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:username',
        category: 'principal',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:FederatedProvider',
        category: 'session',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:TokenIssueTime',
        category: 'session',
        type: 'Date',
        description: ''
    },
    {
        key: 'aws:MultiFactorAuthAge',
        category: 'session',
        type: 'Numeric',
        description: ''
    },
    {
        key: 'aws:MultiFactorAuthPresent',
        category: 'session',
        type: 'Bool',
        description: ''
    },
    {
        key: 'aws:SourceIdentity',
        category: 'session',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:SourceIp',
        category: 'network',
        type: 'IPAddress',
        description: ''
    },
    {
        key: 'aws:SourceVpc',
        category: 'network',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:SourceVpce',
        category: 'network',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:VpcSourceIp',
        category: 'network',
        type: 'IPAddress',
        description: ''
    },
    {
        key: 'aws:ResourceAccount',
        category: 'resource',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:ResourceOrgID',
        category: 'resource',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:ResourceOrgPaths',
        category: 'resource',
        type: 'ArrayOfString',
        description: ''
    },
    {
        key: 'aws:ResourceTag/tag-key',
        category: 'resource',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:CalledVia',
        category: 'request',
        type: 'ArrayOfString',
        description: ''
    },
    {
        key: 'aws:CalledViaFirst',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:CalledViaLast',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:ViaAWSService',
        category: 'request',
        type: 'Bool',
        description: ''
    },
    {
        key: 'aws:CurrentTime',
        category: 'request',
        type: 'Date',
        description: ''
    },
    {
        key: 'aws:EpochTime',
        category: 'request',
        type: 'Date', //Can Also be Numeric...
        description: ''
    },
    {
        key: 'aws:referer',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:RequestedRegion',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:RequestTag/tag-key',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:TagKeys',
        category: 'request',
        type: 'ArrayOfString',
        description: ''
    },
    {
        key: 'aws:SecureTransport',
        category: 'request',
        type: 'Bool',
        description: ''
    },
    {
        key: 'aws:SourceArn',
        category: 'request',
        type: 'ARN',
        description: ''
    },
    {
        key: 'aws:SourceAccount',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:UserAgent',
        category: 'request',
        type: 'String',
        description: 'The caller\'s user agent'
    }
];
const allGlobalConditionKeys = exports.globalConditionKeys.map((c) => c.key);
